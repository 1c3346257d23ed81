#!/bin/sh
# The node image's entrypoint, also run unchanged by the "pods as processes" test
# (node/src/test/java/io/amchain/node/PodsAsProcessesTest.java). Everything comes from the
# environment (docs/kubernetes.md lists it):
#   AMCHAIN_POD_NAME     the pod's name (default: the host name); its node id, and for a signer
#                        the ordinal after its last "-" picks the key
#   AMCHAIN_SIGNERS_DIR  set on signers: holds signer-<ordinal>/keystore.json and password
#   AMCHAIN_DATADIR      the data directory, created from AMCHAIN_GENESIS on first start
#   AMCHAIN_CONFIG       an optional HOCON file given to the node as --config
#   AMCHAIN_JAVA         the java command (default java), AMCHAIN_JAVA_OPTS its options
#   AMCHAIN_CLASSPATH    where the node's classes are (default /opt/amchain/amchain.jar)
# Other AMCHAIN_* variables are read by the node itself (NodeCommand).
set -eu

pod="${AMCHAIN_POD_NAME:-$(hostname)}"
datadir="${AMCHAIN_DATADIR:?AMCHAIN_DATADIR is not set}"
genesis="${AMCHAIN_GENESIS:-/etc/amchain/genesis/genesis.json}"
java="${AMCHAIN_JAVA:-java}"
classpath="${AMCHAIN_CLASSPATH:-/opt/amchain/amchain.jar}"
export AMCHAIN_NODE_ID="${AMCHAIN_NODE_ID:-$pod}"

if [ -n "${AMCHAIN_SIGNERS_DIR:-}" ]; then
  ordinal="${pod##*-}"
  case "$ordinal" in
    '' | *[!0-9]*)
      echo "amchain: pod name \"$pod\" ends in no ordinal (expected NAME-<n>)" >&2
      exit 64
      ;;
  esac
  keys="$AMCHAIN_SIGNERS_DIR/signer-$ordinal"
  if [ ! -f "$keys/keystore.json" ] || [ ! -f "$keys/password" ]; then
    echo "amchain: no signer key for ordinal $ordinal: $keys/keystore.json and $keys/password" \
      "(Secret amchain-signer-$ordinal with keys keystore.json and password)" >&2
    exit 66
  fi
  export AMCHAIN_SIGNER_KEYSTORE="$keys/keystore.json"
  export AMCHAIN_PASSWORD_FILE="$keys/password"
fi

# shellcheck disable=SC2086 # AMCHAIN_JAVA_OPTS holds several options
run() { "$java" ${AMCHAIN_JAVA_OPTS:-} -cp "$classpath" io.amchain.node.AmchainCli "$@"; }

if [ ! -f "$datadir/genesis.json" ]; then
  run init --genesis "$genesis" --datadir "$datadir"
fi
if [ -n "${AMCHAIN_CONFIG:-}" ]; then
  set -- --config "$AMCHAIN_CONFIG"
else
  set --
fi
# exec: the JVM is PID 1's child no more, it is the process the kubelet's SIGTERM reaches, and
# its coordinated shutdown leaves the cluster before the pod goes.
# shellcheck disable=SC2086
exec "$java" ${AMCHAIN_JAVA_OPTS:-} -cp "$classpath" io.amchain.node.AmchainCli node "$@"
