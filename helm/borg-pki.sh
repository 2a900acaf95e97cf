#!/usr/bin/env bash
# Makes a Borg cell's certificates for the helm/borg chart, and the Kubernetes Secrets that
# hold them, with openssl alone: certificates as the cell's own CA (trust/CellCa) makes them,
# EC P-256, naming O=borg-cell, OU=<role>, CN=<name>, usable as TLS server and client.
#
# `borg cert issue` makes people's certificates only (user, viewer, admin), without the names
# a server is dialled at; replicas and machines on Kubernetes need both, so this script does it.
#
#   helm/borg-pki.sh --out pki --name borg --namespace borg --node node-1 --node node-2
#   kubectl -n borg apply -f pki/secrets.yaml        # then: helm install borg helm/borg -n borg
#
# In --out: ca.crt and ca.key (made once, reused on later runs: keep ca.key offline), every
# replica's certificate (replica-<name>-<i>), every node's (machine-<node>), the admin's for the
# borg CLI (admin-admin), Prometheus' (viewer-prometheus), and secrets.yaml with three Secrets:
#   <name>-replica-tls     ca.crt, replica-<name>-<i>.crt/.key     mounted by every replica
#   <name>-machine-tls     ca.crt, machine-<node>.crt/.key         mounted by every Borglet
#   <name>-prometheus-tls  ca.crt, tls.crt, tls.key                the ServiceMonitors' client
# Run it again with more --node flags when nodes join: every certificate is issued anew under
# the same CA, and the daemons reread theirs within 30 s of the Secret's update.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  cat >&2 <<'USAGE'
Options:
  --out DIR               where the files go (required)
  --name NAME             the chart's fullname: the release name, or <release>-borg (default borg)
  --namespace NS          the release's namespace (default default)
  --replicas N            master.replicas (default 5)
  --cluster-domain D      clusterDomain (default cluster.local)
  --node NODE             a node a Borglet runs on; repeat for each
  --extra-name HOST       another name or address the replicas are reached at (a load
                          balancer's); repeat for each
  --days N                validity of the issued certificates (default 365)
USAGE
  exit 2
}

out="" name="borg" namespace="default" replicas=5 domain="cluster.local" days=365
nodes=() extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --replicas) replicas="$2"; shift 2 ;;
    --cluster-domain) domain="$2"; shift 2 ;;
    --node) nodes+=("$2"); shift 2 ;;
    --extra-name) extra+=("$2"); shift 2 ;;
    --days) days="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "borg-pki: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$out" ] || usage
command -v openssl >/dev/null || { echo "borg-pki: needs openssl" >&2; exit 1; }
mkdir -p "$out"
umask 077
conf="$out/.openssl.cnf"
# openssl reads ${ENV::BORG_SAN} as it loads the file, used or not: give it a value always.
export BORG_SAN="DNS:localhost"
trap 'rm -f "$conf" "$out"/*.csr' EXIT

# The extensions CellCa writes. SAN comes from the environment so one file serves every leaf.
cat > "$conf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = ${ENV::BORG_SAN}
CNF

if [ ! -f "$out/ca.crt" ] || [ ! -f "$out/ca.key" ]; then
  openssl req -x509 -new -config "$conf" -extensions ca -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$out/ca.key" -out "$out/ca.crt" -days 3650 -sha256 \
    -subj "/O=borg-cell/CN=borg cell CA $(openssl rand -hex 8)" 2>/dev/null
  echo "made the cell's CA: $out/ca.crt (keep $out/ca.key safe; it is every identity)"
fi

# issue ROLE NAME [SAN...]: ROLE-NAME.crt and .key, signed by the CA.
issue() {
  local role="$1" who="$2"; shift 2
  local base="$out/$role-$who" section=leaf san=""
  if [ $# -gt 0 ]; then
    section=server
    for n in "$@"; do
      if [[ "$n" =~ ^[0-9.]+$ || "$n" == *:* ]]; then san+="${san:+,}IP:$n"; else san+="${san:+,}DNS:$n"; fi
    done
  fi
  openssl req -new -config "$conf" -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$base.key" -out "$base.csr" -subj "/O=borg-cell/OU=$role/CN=$who" 2>/dev/null
  BORG_SAN="$san" openssl x509 -req -in "$base.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$days" -sha256 \
    -extfile "$conf" -extensions "$section" -out "$base.crt" 2>/dev/null
  chmod 600 "$base.key"
}

svc="$namespace.svc"
# Clients reach the replicas through the API and UI Services, short or fully named, and
# through `kubectl port-forward` on this machine.
service_names=()
for s in "$name-api" "$name-ui"; do
  service_names+=("$s" "$s.$namespace" "$s.$svc" "$s.$svc.$domain")
done
for ((i = 0; i < replicas; i++)); do
  pod="$name-$i"
  issue replica "$pod" "$pod.$name-peers.$svc.$domain" "$pod.$name-peers.$svc" \
    "${service_names[@]}" localhost 127.0.0.1 ${extra[@]+"${extra[@]}"}
done
# A Borglet serves at <pod>.<name>-borglets.<namespace>.svc.<domain>, its pod name random.
for node in ${nodes[@]+"${nodes[@]}"}; do
  issue machine "$node" "*.$name-borglets.$svc.$domain" "$name-borglets.$svc"
done
issue admin admin
issue viewer prometheus

b64() { base64 < "$1" | tr -d '\n'; }
secret() { # secret NAME then KEY=FILE pairs
  local secret_name="$1"; shift
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\n' "$secret_name" "$namespace"
  printf '  labels:\n    app.kubernetes.io/part-of: %s\ntype: Opaque\ndata:\n' "$name"
  for pair in "$@"; do
    printf '  %s: %s\n' "${pair%%=*}" "$(b64 "${pair#*=}")"
  done
}
{
  echo "# Made by helm/borg-pki.sh for the chart fullname $name in namespace $namespace."
  files=("ca.crt=$out/ca.crt")
  for ((i = 0; i < replicas; i++)); do
    files+=("replica-$name-$i.crt=$out/replica-$name-$i.crt" "replica-$name-$i.key=$out/replica-$name-$i.key")
  done
  secret "$name-replica-tls" "${files[@]}"
  files=("ca.crt=$out/ca.crt")
  for node in ${nodes[@]+"${nodes[@]}"}; do
    files+=("machine-$node.crt=$out/machine-$node.crt" "machine-$node.key=$out/machine-$node.key")
  done
  secret "$name-machine-tls" "${files[@]}"
  secret "$name-prometheus-tls" "ca.crt=$out/ca.crt" "tls.crt=$out/viewer-prometheus.crt" \
    "tls.key=$out/viewer-prometheus.key"
} > "$out/secrets.yaml"

echo "issued $replicas replica, ${#nodes[@]} machine, the admin's and Prometheus' certificates in $out"
echo "next: kubectl -n $namespace apply -f $out/secrets.yaml"
echo "the borg CLI: export BORG_CERT=$out/admin-admin.crt BORG_KEY=$out/admin-admin.key BORG_CA=$out/ca.crt"
