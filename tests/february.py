"""February 2024 for the demo city: Bửu Hòa complies, Tam Phước does not (a fourth month)."""

from __future__ import annotations

import csv
import io

HEADER = "dossier_code,unit_code,procedure_code,channel,received_at,due_at,returned_at,finished_at"


def february_dossiers() -> bytes:
    """Bửu Hòa finishes all 20 on time; Tam Phước finishes 3 of its 10 late."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    out.write(HEADER + "\n")
    for n in range(20):
        day = 1 + n % 20
        writer.writerow(
            [
                f"HS-T2-BH-{n}",
                "BUUHOA",
                "1.001612",
                "online",
                f"{day:02d}/02/2024 08:00",
                f"{day + 5:02d}/02/2024 17:00",
                f"{day + 2:02d}/02/2024 10:00",
                f"{day + 2:02d}/02/2024 10:00",
            ]
        )
    for n in range(10):
        day = 1 + n
        finish = day + (9 if n < 3 else 2)
        writer.writerow(
            [
                f"HS-T2-TP-{n}",
                "TAMPHUOC",
                "1.001612",
                "direct",
                f"{day:02d}/02/2024 08:00",
                f"{day + 5:02d}/02/2024 17:00",
                f"{finish:02d}/02/2024 10:00",
                f"{finish:02d}/02/2024 10:00",
            ]
        )
    return out.getvalue().encode("utf-8")
