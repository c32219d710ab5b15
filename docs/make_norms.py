"""assets/norms-bds.tsv, the shipped normative table, from the public balance data set's per-trial table.

Run: python docs/make_norms.py [PATH/TO/BDSinfoCOP.tsv[.gz]]  (default: the copy vendored in tests/data/bds-info/)
Source: Santos DA & Duarte M (2016) "A public data set of human balance evaluations", PeerJ 4:e2648, CC BY 4.0.
The derivation is poise.game.clinic.norms.derive; tests/test_norms.py checks the shipped file against it.
"""
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]


def main() -> None:
    from poise.game.clinic import norms

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "bds-info" / "BDSinfoCOP.tsv.gz"
    raw = source.read_bytes()
    people = norms.derive((gzip.decompress(raw) if source.suffix == ".gz" else raw).decode("utf-8"))
    out = ROOT / "assets" / norms.TABLE
    out.write_text(norms.write_table(people), encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}: {len({p.subject for p in people})} people, {len(people)} rows")


if __name__ == "__main__":
    main()
