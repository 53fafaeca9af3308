#!/usr/bin/env python3
"""Regenerates schemas/ttdd-atividades-meio.ron from the Arquivo Nacional's table
(Portaria AN 47/2020) as kept in tests/data/ttdd-atividades-meio-2020.tsv (a copy
of ../shared/reference/).

Usage: python3 scripts/ttdd_from_tsv.py tests/data/ttdd-atividades-meio-2020.tsv \
           > schemas/ttdd-atividades-meio.ron

Clean-up applied to the third-party text: words split by the PDF line break
("APRO- VAÇÃO") are joined and runs of spaces folded; nothing else is changed.
The test `reference_ttdd` checks the result against the TSV.
"""
import re
import sys

UPPER = "A-ZÁÀÂÃÉÊÍÓÔÕÚÇ"


def clean(text):
    text = re.sub(rf"([{UPPER}])- ([{UPPER}])", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def ron_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def period(years, event):
    years, event = years.strip(), clean(event)
    if years:
        return f"Anos({int(years)})"
    if event:
        return f"Evento({ron_str(event)})"
    return None


def main(path):
    rows = []
    with open(path, encoding="utf-8") as tsv:
        next(tsv)
        for line in tsv:
            cols = line.rstrip("\n").split("\t")
            cols += [""] * (8 - len(cols))
            code, name, cy, ce, iy, ie, dest, obs = cols[:8]
            fields = [f"codigo: {ron_str(code.strip())}", f"descritor: {ron_str(clean(name))}"]
            current = period(cy, ce)
            if current:
                fields.append(f"fase_corrente: {current}")
            intermediate = period(iy, ie)
            if intermediate:
                fields.append(f"fase_intermediaria: {intermediate}")
            dest = dest.strip()
            if dest == "ELIMINAÇÃO":
                fields.append("destinacao: Eliminacao")
            elif dest == "RECOLHIMENTO":
                fields.append("destinacao: GuardaPermanente")
            obs = clean(obs)
            total = re.search(r"PRAZO TOTAL DE GUARDA DOS DOCUMENTOS DE (\d+) ANOS", obs)
            if total:
                fields.append(f"prazo_total_anos: {int(total.group(1))}")
            if obs:
                fields.append(f"observacoes: {ron_str(obs)}")
            fields.append("tabela: AtividadesMeio")
            rows.append("    (" + ", ".join(fields) + "),")
    print("// Tabela de Temporalidade e Destinação de Documentos de Arquivo relativos às")
    print("// atividades-meio do Poder Executivo Federal (Portaria AN nº 47/2020).")
    print("// Gerado por scripts/ttdd_from_tsv.py; não edite à mão.")
    print("[")
    print("\n".join(rows))
    print("]")


if __name__ == "__main__":
    main(sys.argv[1])
