# Chapter 3: run and init, after the book's chapter 3. It links chapter 2
# (cgroups) and chapter 1 (the child in namespaces, ID maps).
$(eval $(call chapter,ch03,ch03-run,message.c terminal.c runtime.c options.c runmain.c usermap.c fault.c selfexec.c,run pipefacts,$(BUILD)/libch02.a $(ch01_LIBS),))
