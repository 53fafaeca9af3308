#!/bin/sh
# Publica o que o comitê aprovou por último (LGPD art. 23, I): páginas HTML
# estáticas, o JSON versionado e o CSV, num diretório pronto para o GitLab Pages
# ou o GitHub Pages. O que ficou de fora (não aprovado, não OSTENSIVO,
# arquivado) é dito na saída do job, nunca na página.
# Uso: publicar.sh [DIR] [DESTINO]
set -eu
INVENTARIO="${INVENTARIO:-inventario}"
DIR="${1:-.}"
DESTINO="${2:-public}"
"$INVENTARIO" exportar "$DIR" --publico --aprovado --saida "$DESTINO"
"$INVENTARIO" exportar "$DIR" --publico --aprovado --formato json --saida "$DESTINO/inventario.json"
"$INVENTARIO" exportar "$DIR" --publico --aprovado --formato csv --saida "$DESTINO/inventario.csv"
echo "publicado em $DESTINO"
