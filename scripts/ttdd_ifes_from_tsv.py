#!/usr/bin/env python3
"""Regenerates schemas/ttdd-ifes.ron from the Arquivo Nacional's table for the core
activities of the federal universities (Portaria AN 92/2011), as shipped in
tests/data/ttdd-atividades-fim-ifes-2011.tsv (a copy of
../shared/reference/ttdd-atividades-fim-ifes-2011.tsv; its .md beside it lists the
sources and the gaps).

Usage: python3 scripts/ttdd_ifes_from_tsv.py tests/data/ttdd-atividades-fim-ifes-2011.tsv \
           > schemas/ttdd-ifes.ron

Columns: codigo, assunto, corrente, intermediaria, destinacao, observacoes. A phase
is a number of years or an event ("ENQUANTO VIGORA"); "*" points to the
observation ("O PRAZO TOTAL DE GUARDA DOS DOCUMENTOS É DE 100 ANOS" becomes
prazo_total_anos). The test `reference_ttdd` checks the result against the TSV.
"""
import re
import sys

from ttdd_from_tsv import clean, ron_str


def period(text):
    text = clean(text)
    if not text or text == "*":
        return None
    if text.isdigit():
        return f"Anos({int(text)})"
    return f"Evento({ron_str(text)})"


def main(path):
    rows = []
    with open(path, encoding="utf-8") as tsv:
        next(tsv)
        for line in tsv:
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (6 - len(cols))
            code, name, current, intermediate, dest, obs = cols[:6]
            fields = [f"codigo: {ron_str(code.strip())}", f"descritor: {ron_str(clean(name))}"]
            for key, value in (("fase_corrente", current), ("fase_intermediaria", intermediate)):
                value = period(value)
                if value:
                    fields.append(f"{key}: {value}")
            dest = dest.strip()
            if dest == "ELIMINAÇÃO":
                fields.append("destinacao: Eliminacao")
            elif dest == "GUARDA PERMANENTE":
                fields.append("destinacao: GuardaPermanente")
            obs = clean(obs)
            total = re.search(r"PRAZO TOTAL DE GUARDA DOS DOCUMENTOS É DE (\d+) ANOS", obs)
            if total:
                fields.append(f"prazo_total_anos: {int(total.group(1))}")
            if obs:
                fields.append(f"observacoes: {ron_str(obs)}")
            fields.append("tabela: Ifes")
            rows.append("    (" + ", ".join(fields) + "),")
    print("// Tabela de Temporalidade e Destinação de Documentos de Arquivo relativos às")
    print("// atividades-fim das Instituições Federais de Ensino Superior (Portaria AN nº")
    print("// 92/2011). Gerado por scripts/ttdd_ifes_from_tsv.py; não edite à mão.")
    print("[")
    print("\n".join(rows))
    print("]")


if __name__ == "__main__":
    main(sys.argv[1])
