"""`demo`: the bundled example in a fresh database of its own."""

import typer

from claimtrack.cli.base import command

STORY_KEY = "minerals-deal/us-share"


def demo() -> None:
    """Show the bundled example in a fresh temporary database.

    The example is a Japanese news digest on the Trump–Zelensky meeting and
    the minerals deal, citing Forbes Japan, Jiji and Asahi. The demo lists
    its claims, shows how the minerals deal changed (`diff`) and what does
    not add up (`report`). Then a second story, Osaka Expo 2025 in Japanese
    and English over five years: its report, with how the figures were
    revised and what could not be compared. Your own database is not
    touched; the demo databases are kept, and the commands to explore them
    are printed at the end.
    """
    import sys
    import tempfile
    from pathlib import Path

    from claimtrack.render import diff as render_diff
    from claimtrack.render import report as render_report
    from claimtrack.render.claims import render_claims
    from claimtrack.render.console import make_console
    from claimtrack.services import demo as demo_service
    from claimtrack.services import report as report_service
    from claimtrack.services import timeline
    from claimtrack.services.claims import log

    path = Path(tempfile.mkdtemp(prefix="claimtrack-demo-")) / "claims.db"
    conn, result = demo_service.create(path)
    console = make_console()

    def heading(text: str) -> None:
        console.print("")
        console.print(f"== {text} ==", markup=False, highlight=False)

    heading(f"{result.claims_added} claims from {result.sources_changed} sources, by key")
    render_claims(console, log(conn, order="key"))
    heading(f"How what the US gets changed (claimtrack diff {STORY_KEY})")
    line = timeline.timeline(conn, STORY_KEY)
    render_diff.render_timeline(console, STORY_KEY, line.claims, line.revisions)
    heading("What does not add up (claimtrack report)")
    render_report.write_terminal(report_service.report(conn), sys.stdout, console)
    expo_path = path.with_name("expo.db")
    expo, expo_result = demo_service.create(expo_path, demo_service.EXPO)
    heading(f"A second story: Osaka Expo 2025, {expo_result.claims_added} claims in Japanese and English "
            "(claimtrack report --all)")
    shown = report_service.report(expo, report_service.ReportQuery(show_resolved=True))
    render_report.write_terminal(shown, sys.stdout, console)
    console.print("")
    console.print(
        f"The demo databases are {path} and {expo_path}\nExplore them:\n"
        f"  claimtrack log --db {path}\n"
        f"  claimtrack diff trump/title --db {path}\n"
        f"  claimtrack diff expo/venue-cost --db {expo_path}\n"
        f"  claimtrack report --format html --db {expo_path} > report.html",
        markup=False, highlight=False, soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    command(app, "demo")(demo)
