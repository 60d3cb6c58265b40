#!/usr/bin/env bash
# Validates the Kubernetes manifests in docs/kubernetes/ against Kubernetes' own OpenAPI schemas,
# offline once installed: the npm package kubernetes-models ships a validator per resource kind,
# generated from the Kubernetes API's schema. What it checks: every field's type and format,
# required fields, enum values, for every resource kind it knows. What it does not: unknown field
# names (a misspelt key passes, as with `kubectl apply --validate=false`), and anything a cluster
# decides (admission policies, whether the image or the Secret exists).
#
#   scripts/check-kubernetes.sh [manifest.yaml ...]      default: docs/kubernetes/*.yaml
#
# Needs node and npm; the two packages are installed once into $LEDGER_K8S_CHECK_DIR.
set -euo pipefail

cd "$(dirname "$0")/.."
dir=${LEDGER_K8S_CHECK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ledger-kubernetes-check}
mkdir -p "$dir"
if [ ! -d "$dir/node_modules/kubernetes-models" ] || [ ! -d "$dir/node_modules/yaml" ]; then
  npm install --prefix "$dir" --silent --no-audit --no-fund kubernetes-models@5.1.0 yaml@2.9.1 >/dev/null
fi

cat > "$dir/validate.mjs" <<'EOF'
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let passed = 0, failed = 0;
for (const file of process.argv.slice(2)) {
  for (const parsed of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (parsed.errors.length) {
      console.log(`FAIL ${file}: not YAML: ${parsed.errors[0].message}`);
      failed++;
      continue;
    }
    const doc = parsed.toJS();
    if (doc == null) continue;
    const name = `${file}: ${doc.kind} ${doc.metadata?.name}`;
    let Model;
    try {
      Model = (await import(`kubernetes-models/${doc.apiVersion}`))[doc.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      console.log(`FAIL ${name}: no schema for apiVersion ${doc.apiVersion}, kind ${doc.kind}`);
      failed++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`ok   ${name}`);
      passed++;
    } catch (error) {
      console.log(`FAIL ${name}: ${error.message}`);
      failed++;
    }
  }
}
console.log(`kubernetes: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
EOF

if [ $# -eq 0 ]; then
  set -- docs/kubernetes/*.yaml
fi
files=()
for file in "$@"; do files+=("$(cd "$(dirname "$file")" && pwd)/$(basename "$file")"); done
node "$dir/validate.mjs" "${files[@]}"
