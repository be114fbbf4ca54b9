"""Sources: names in any script and width, aliases, domains, helpful errors."""

from __future__ import annotations

import pytest

from claimtrack.domain.model import Source
from claimtrack.domain.text import name_key
from claimtrack.errors import ClaimtrackError, UnknownSource
from claimtrack.services import sources


@pytest.fixture
def registered(conn):
    sources.add_source(conn, Source(id="forbes-japan", name="Forbes Japan", aliases=("フォーブスジャパン",),
                                         domains=("forbesjapan.com",)))
    sources.add_source(conn, Source(id="jiji", name="Jiji", kind="agency", aliases=("時事ドットコム", "時事通信社"),
                                         domains=("jiji.com",)))
    sources.add_source(conn, Source(id="asahi-globe", name="朝日新聞GLOBE+", domains=("globe.asahi.com",)))
    return conn


@pytest.mark.parametrize(
    "typed", ["Forbes Japan", "forbes japan", "ＦＯＲＢＥＳ ＪＡＰＡＮ", "ForbesJapan", " FORBES  japan "],
)
def test_name_matching_ignores_case_width_and_spacing(registered, typed):
    assert sources.resolve(registered, typed) == "forbes-japan"


@pytest.mark.parametrize("typed, expected", [
    ("時事ドットコム", "jiji"), ("時事通信社", "jiji"), ("jiji", "jiji"), ("フォーブスジャパン", "forbes-japan"),
    ("朝日新聞ＧＬＯＢＥ＋", "asahi-globe"),
])
def test_aliases_in_any_script(registered, typed, expected):
    assert sources.resolve(registered, typed) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://forbesjapan.com/articles/detail/77508", "forbes-japan"),
    ("https://www.jiji.com/jc/article?k=2025022400236&g=int", "jiji"),
    ("https://globe.asahi.com/article/15630313", "asahi-globe"),
    ("http://sub.forbesjapan.com/x", "forbes-japan"),
])
def test_source_from_url_domain(registered, url, expected):
    assert sources.resolve(registered, None, url) == expected


def test_unknown_source_suggests_the_closest_names(registered):
    with pytest.raises(UnknownSource) as err:
        sources.resolve(registered, "Forbs Japan")
    assert "Forbes Japan (forbes-japan)" in err.value.message
    assert (err.value.ref, err.value.host, err.value.field) == ("Forbs Japan", None, "source")
    assert "--" not in err.value.message  # options are the command line's to name


def test_unknown_domain_names_the_host(registered):
    with pytest.raises(UnknownSource, match=r"no source is registered for nikkei.com") as err:
        sources.resolve(registered, None, "https://www.nikkei.com/article/1")
    assert (err.value.ref, err.value.host) == (None, "nikkei.com")


def test_what_to_do_about_an_unknown_source_fits_the_command(cli, tmp_path):
    cli("sources", "add", "Forbes Japan")
    added = cli("add", "k/a", "t", "--source", "Forbs Japan", code=2).stderr
    assert added.startswith("Error: --source: unknown source 'Forbs Japan' (did you mean Forbes Japan")
    assert "pass --new-source to create it now" in added
    by_url = cli("add", "k/a", "t", "--url", "https://www.nikkei.com/a/1", code=2).stderr
    assert "name one with --source, or register the domain: claimtrack sources add NAME --domain nikkei.com" in by_url
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"key": "k/a", "text": "t", "url": "https://www.nikkei.com/a/1"}\n', encoding="utf-8")
    imported = cli("import", lines, code=2).stderr
    assert f"{lines}:1: source: no source is registered for nikkei.com" in imported
    assert "name one in the record's \"source\"" in imported and "--source" not in imported
    lines.write_text('{"key": "k/a", "text": "t", "source": "Forbs Japan"}\n', encoding="utf-8")
    assert "pass --new-sources" in cli("import", lines, code=2).stderr
    assert "`claimtrack sources list` shows the registered ones" in cli("log", "--source", "Forbs", code=2).stderr


def test_a_near_duplicate_name_is_refused_not_created(registered):
    with pytest.raises(ClaimtrackError, match="already a name of source 'forbes-japan'"):
        sources.add_source(registered, Source(id="forbes-jp", name="FORBES JAPAN"))


def test_adding_aliases_to_an_existing_source(registered):
    source, status = sources.add_source(registered, Source(id="jiji", name="Jiji", aliases=("Jiji Press",)))
    assert status == "updated" and "Jiji Press" in source.aliases
    _, again = sources.add_source(registered, Source(id="jiji", name="Jiji", aliases=("Jiji Press",)))
    assert again == "unchanged"


def test_a_made_up_id_that_is_taken_is_an_error_not_a_merge(registered):
    with pytest.raises(ClaimtrackError,
                       match=r"the id 'forbes-japan' is taken by Forbes Japan; to add 'Forbes.Japan' to it as an "
                             r"alias, give id forbes-japan, or choose another id"):
        sources.add_source(registered, Source(name="Forbes.Japan"))
    source, status = sources.add_source(registered, Source(id="forbes-japan", name="Forbes.Japan"))
    assert status == "updated" and "Forbes.Japan" in source.aliases


def test_ids_are_slugs_and_kinds_do_not_change_silently(registered):
    with pytest.raises(ClaimtrackError, match=r"'Bad Id!' is not a slug id.*try 'bad-id'"):
        sources.add_source(registered, Source(id="Bad Id!", name="Foo"))
    with pytest.raises(ClaimtrackError, match="registered as agency, not outlet"):
        sources.add_source(registered, Source(id="jiji", name="Jiji", kind="outlet"))
    _, status = sources.add_source(registered, Source(id="jiji", name="時事通信"))
    assert status == "updated"


def test_domain_owned_by_another_source_is_an_error(registered):
    with pytest.raises(ClaimtrackError, match=r"jiji.com already belongs to source 'jiji'"):
        sources.add_source(registered, Source(name="Other", domains=("jiji.com",)))


def test_name_key_folds_width():
    assert name_key("ＦＯＲＢＥＳ　ＪＡＰＡＮ") == name_key("forbes japan") == "forbesjapan"


def test_cli_sources_add_list_show(cli):
    out = cli.json("sources", "add", "Jiji", "--id", "jiji", "--kind", "agency", "--alias", "時事ドットコム",
                   "--domain", "https://www.jiji.com/")
    assert out["id"] == "jiji" and out["domains"] == ["jiji.com"] and out["aliases"] == ["時事ドットコム"]
    listed = cli.json("sources", "list")
    assert [s["id"] for s in listed] == ["jiji"] and listed[0]["claims"] == 0
    shown = cli.json("sources", "show", "時事ドットコム")
    assert shown["name"] == "Jiji"
    assert "SOURCE: name a source" in cli("sources", "show", " ", code=2).stderr
    plain = cli("sources", "list").stdout
    assert "jiji\tJiji\tagency\t0\t時事ドットコム\tjiji.com" in plain


def test_cli_sources_bad_kind_is_a_one_line_error(cli):
    result = cli("sources", "add", "X", "--kind", "blog", code=2)
    assert result.stderr.strip().count("\n") == 0
    assert "Invalid value for '--kind': 'blog' is not one of 'outlet', 'agency'" in result.stderr
    assert "--id: 'Bad Id!' is not a slug id" in cli("sources", "add", "X", "--id", "Bad Id!", code=2).stderr
    cli("sources", "add", "Jiji", "--id", "jiji")
    assert cli("sources", "add", "Jiji Press", "--id", "jiji").stdout.startswith("Added aliases or domains to Jiji")
