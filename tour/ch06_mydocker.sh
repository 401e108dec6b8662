# Chapter 6, second part: the final runtime on a network (sourced by tour/tour.sh).
chapter "Chapter 6: mydocker on a network"
MD6=./ch06-network/mydocker
export MYDOCKER_ROOT="$TOUR_SCRATCH/state6"
tour6_net="mdtour$(( $$ % 1000 ))"
tour6_x=20
while ip -o addr | grep -q "10\.213\.$tour6_x\." || ip route | grep -q "10\.213\.$tour6_x\."; do tour6_x=$((tour6_x + 1)); done
tour6_port=$(( 30000 + $$ % 10000 ))

narrate "A network: a bridge holding the subnet's first address, NAT out; then a web server and a client on it."
show $MD6 network create --driver bridge --subnet "10.213.$tour6_x.0/24" "$tour6_net"
$MD6 run -d --name web --net "$tour6_net" -p "$tour6_port:80" busybox httpd -f -p 80 -h /etc >/dev/null
# --cap-add NET_RAW: busybox's ping opens a raw socket, and CAP_NET_RAW is
# not in the default set (NOTES.md, Security: forged ARP replies).
$MD6 run -d --name client --net "$tour6_net" --cap-add NET_RAW busybox sleep 1000 >/dev/null
show $MD6 ps
tour6_web=$($MD6 ps | awk '$2 == "web" {print $NF}')
show $MD6 exec client ping -c 1 "$tour6_web"
tour6_http() { timeout 2 busybox wget -q -O - "$1" 2>/dev/null | grep -q '^root:'; }
tour6_wait() { local deadline=$((SECONDS + 5)); until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.05; done; }
claim CH06-R1 "two containers on one network reach each other (ping, and HTTP over TCP)" \
	eval '$MD6 exec client ping -c 1 -W 2 "$tour6_web" >/dev/null 2>&1 && tour6_wait $MD6 exec client sh -c "timeout 2 wget -q -O - http://$tour6_web/passwd | grep -q ^root:"'
narrate "The host reaches the web server through the mapped port $tour6_port (DNAT in PREROUTING and OUTPUT):"
show sh -c "iptables -t nat -S | grep 'mydocker:$tour6_net/'"
claim CH06-R2 "a mapped port answers the host" tour6_wait tour6_http "http://127.0.0.1:$tour6_port/group"

narrate "Everything released: containers, veths, addresses, rules, the bridge."
show $MD6 rm -f web client
show $MD6 network rm "$tour6_net"
claim CH06-R3 "nothing left: no veth, no bridge, no mydocker rule in iptables" \
	eval '! ip link show "$tour6_net" >/dev/null 2>&1 && ! iptables-save | grep -q "mydocker:$tour6_net"'
unset MYDOCKER_ROOT
