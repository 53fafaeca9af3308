#!/bin/sh
# Verifica o inventário a cada push: o resultado do `check` em JSON fica como
# artefato (verificacao.json) e o job falha se houver erros (saída 1) ou arquivo
# ilegível (saída 2). Uso: verificar.sh [DIR] [ARQUIVO]
set -u
INVENTARIO="${INVENTARIO:-inventario}"
DIR="${1:-.}"
SAIDA="${2:-verificacao.json}"
"$INVENTARIO" check "$DIR" --formato json > "$SAIDA"
status=$?
echo "verificação: saída $status; resultado em $SAIDA"
exit $status
