"""The shipped catalogues: complete, compiled, and actually used by the pages.

Chinese (Simplified, ``zh_Hans`` / ``zh-hans``) and Russian (``ru``): every message in the
.po has a checked (non-fuzzy, non-empty) translation, the .mo shipped beside it is no older
than the .po and holds the same translations, and the sign-in and home pages render in the
language chosen with the ``django_language`` cookie, with none of the English originals left.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

import accord

LOCALE_DIR = Path(accord.__file__).resolve().parent / "locale"

# (catalogue directory, Django language code, expected number of plural forms)
CATALOGUES = [("zh_Hans", "zh-hans", 1), ("ru", "ru", 3)]

# git gives both files their checkout time, written one after the other: allow for that.
MTIME_TOLERANCE_SECONDS = 5.0


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file (standard library only): msgctxt, msgid, msgid_plural,
    msgstr (a dict: form index -> text; index 0 for a singular message) and flags.
    The header (empty msgid) and obsolete entries (#~) are left out."""
    entries: list[dict] = []
    entry: dict = {}
    field: tuple | None = None

    def finish() -> None:
        nonlocal entry, field
        if "msgid" in entry and entry["msgid"] != "":
            entries.append(entry)
        entry, field = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in entry:  # a comment starts the next entry
                finish()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            if "msgid" in entry:
                finish()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest.strip())
            if keyword == "msgctxt" and "msgid" in entry:
                finish()
            if keyword.startswith("msgstr["):
                field = ("msgstr", int(keyword[7:-1]))
            elif keyword == "msgstr":
                field = ("msgstr", 0)
            else:
                field = (keyword, None)
            if field[0] == "msgstr":
                entry.setdefault("msgstr", {})[field[1]] = ""
            else:
                entry[keyword] = ""
        assert field is not None, f"{path}: text outside an entry: {raw!r}"
        if field[0] == "msgstr":
            entry["msgstr"][field[1]] += text
        else:
            entry[field[0]] += text
    finish()
    for e in entries:
        e.setdefault("flags", set())
        e.setdefault("msgstr", {})
    return entries


def _paths(directory: str) -> tuple[Path, Path]:
    base = LOCALE_DIR / directory / "LC_MESSAGES"
    return base / "django.po", base / "django.mo"


def _label(e: dict) -> str:
    return repr(e["msgid"]) + (f" (context {e['msgctxt']!r})" if "msgctxt" in e else "")


@pytest.mark.parametrize(("directory", "code", "nplurals"), CATALOGUES)
def test_every_message_is_translated_and_checked(directory: str, code: str, nplurals: int) -> None:
    po, _ = _paths(directory)
    entries = parse_po(po)
    assert len(entries) > 100, f"{po} looks empty"
    fuzzy = [_label(e) for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"{po}: fuzzy (unchecked) translations: {fuzzy}"
    untranslated = []
    for e in entries:
        forms = nplurals if "msgid_plural" in e else 1
        if any(not e["msgstr"].get(i, "").strip() for i in range(forms)):
            untranslated.append(_label(e))
    assert not untranslated, f"{po}: messages without a translation: {untranslated}"
    header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert f"nplurals={nplurals};" in header.replace(" ", ""), (
        f"{po}: expected {nplurals} plural forms"
    )


@pytest.mark.parametrize(("directory", "code", "nplurals"), CATALOGUES)
def test_compiled_catalogue_is_current(directory: str, code: str, nplurals: int) -> None:
    po, mo = _paths(directory)
    assert mo.exists(), f"{mo} is missing: run scripts/i18n.sh compile"
    assert mo.stat().st_mtime >= po.stat().st_mtime - MTIME_TOLERANCE_SECONDS, (
        f"{mo} is older than {po}: run scripts/i18n.sh compile"
    )
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for e in parse_po(po):
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            found = [compiled.get((msgid, i)) for i in range(nplurals)]
            wanted = [e["msgstr"][i] for i in range(nplurals)]
        else:
            found, wanted = compiled.get(msgid), e["msgstr"][0]
        if found != wanted:
            stale.append(_label(e))
    assert not stale, f"{mo} does not match {po} (recompile): {stale[:20]}"


# (language code, translations that must appear, English originals that must not)
SIGN_IN = {
    "zh-hans": (
        [
            "登录",
            "继续",
            "地区安全对话",
            "代表团团长和主席须使用身份验证器应用中的验证码确认登录。",
        ],
        ["Sign in", "Continue", "Regional security dialogue", "Heads of delegation"],
    ),
    "ru": (
        ["Войти", "Продолжить", "Региональный диалог по безопасности", "Главы делегаций"],
        ["Sign in", "Continue", "Regional security dialogue", "Heads of delegation"],
    ),
}

HOME = {
    "zh-hans": (
        [
            "哈萨克斯坦代表团",
            "成员国",
            "观察员和对话伙伴",
            "最新动态",
            "退出登录",
            "首页",
            "观察员",
            "对话伙伴",
        ],
        [
            "Delegation of",
            "Member states",
            "Observers and dialogue partners",
            "What is new",
            "Sign out",
            "Home",
            "Observer",
            "Dialogue partner",
            "Regional security dialogue",
        ],
    ),
    "ru": (
        [
            "Делегация: Казахстан",
            "Государства-члены",
            "Наблюдатели и партнёры по диалогу",
            "Что нового",
            "Выйти",
            "Главная",
            "Наблюдатель",
            "Партнёр по диалогу",
        ],
        [
            "Delegation of",
            "Member states",
            "Observers and dialogue partners",
            "What is new",
            "Sign out",
            "Home",
            "Observer",
            "Dialogue partner",
            "Regional security dialogue",
        ],
    ),
}


def _get(client: Client, url: str, code: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Language"] == code
    return response.content.decode()


def _check(page: str, present: list[str], absent: list[str], where: str) -> None:
    missing = [s for s in present if s not in page]
    assert not missing, f"{where}: translations not shown: {missing}"
    left = [s for s in absent if s in page]
    assert not left, f"{where}: English left: {left}"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["zh-hans", "ru"])
def test_sign_in_page_is_translated(code: str) -> None:
    page = _get(Client(), "/sign-in/", code)
    assert f'<html lang="{code}">' in page
    _check(page, *SIGN_IN[code], where=f"/sign-in/ in {code}")


@pytest.mark.parametrize("code", ["zh-hans", "ru"])
def test_home_page_is_translated(region, code: str) -> None:
    client = Client()
    client.force_login(region.delegate("KAZ"))
    page = _get(client, "/", code)
    _check(page, *HOME[code], where=f"/ in {code}")


def test_english_stays_the_default(region) -> None:
    client = Client()
    client.force_login(region.delegate("KAZ"))
    response = client.get("/")
    assert "Member states" in response.content.decode()
