"""The desk's messages in the app's words: the core writes them for the command line ("中文 (english):
the server's own text; what to type"), and the app shows the sentence a user can act on, in the UI's
language: no raw server text (libpq's English, in the details at most) and no command to type."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: the reasons the app words itself; what the driver's text means is the core's to judge
#: (workbench.desk.errors.failure_kind), as for the final's offline warning
_WORDED = ("refused", "host", "database", "timeout", "tls", "hba")


def reason_words(key: str) -> str:
    """A reason the app words (a kind of ``workbench.desk.errors.failure_kind``), in the UI's language.
    (each text a literal in its own translate call, so that lupdate finds it)"""
    if key == "refused":
        return QCoreApplication.translate("DeskWords", "nobody answers at that address and port: the server is not "
                                          "running, or the address or port is wrong")
    if key == "host":
        return QCoreApplication.translate("DeskWords", "the server's name cannot be found: check the address")
    if key == "database":
        return QCoreApplication.translate("DeskWords", "there is no such desk database on the server: check the "
                                          "name at the end of the address")
    if key == "timeout":
        return QCoreApplication.translate("DeskWords", "the server did not answer in time: check the address and "
                                          "the network")
    if key == "tls":
        return QCoreApplication.translate("DeskWords", "the secure connection could not be set up: check the TLS "
                                          "options in the address")
    return QCoreApplication.translate("DeskWords", "the server does not accept connections from this workstation: "
                                      "ask the desk's administrator")


def reason(detail: str) -> str:
    """What a driver's connection error means to a user, in the UI's language ("" when not known)."""
    from workbench.desk import errors

    kind = errors.failure_kind(detail)
    return reason_words(kind) if kind in _WORDED else ""


# core refusals whose whole advice is a command to type: the app says what the user can do instead
_NO_DESK = re.compile(r"no desk on this server|服务器上没有团队库")
_OLDER_DESK = re.compile(r"schema is older|结构版本 v\d+ 较旧")
_NO_PASSWORD = re.compile(r"no password is saved on this workstation|本机没有保存 .* 的密码")
_JOINED_AS_ANOTHER = re.compile(r"已以另一用户加入该团队库|joined to this desk as another user")


def no_saved_password(message: str) -> bool:
    """Whether a core desk message says this workstation has no password for the desk user."""
    return bool(_NO_PASSWORD.search(str(message or "")))


def _known(message: str) -> str:
    """A core refusal the app words itself, in the UI's language ("" for any other message)."""
    if _NO_DESK.search(message):
        return QCoreApplication.translate("DeskWords", "There is no desk on this server. Check the address, or ask "
                                          "the desk's administrator to set up the desk.")
    if _OLDER_DESK.search(message):
        return QCoreApplication.translate("DeskWords", "The desk on this server is older than this workbench. Ask "
                                          "the desk's administrator to upgrade the desk.")
    if _JOINED_AS_ANOTHER.search(message):  # (the core names the command line's switch-user)
        return QCoreApplication.translate("DeskWords", "This store is joined to this desk as another desk user. To "
                                          "sync it as this user, use Desk Server → Switch User….")
    if no_saved_password(message):
        return QCoreApplication.translate("DeskWords", "No password is saved on this workstation for the desk user. "
                                          "Connect again with the password (File → Connect to the Desk Server…).")
    return ""


def split_message(message: str) -> tuple[str, str]:
    """A core desk message as (the words to show, the technical detail left out of them).

    In the Chinese UI each clause keeps its Chinese part (the gloss rule, ui.common.i18n); a clause
    that tells the user to type a command goes, and so does the server's raw text after a clause's
    colon, which becomes the detail; a connection failure gets its reason in plain words. The
    English UI shows the clauses as the core wrote them, less the commands and the raw text."""
    from ui.common.i18n import for_ui, is_chinese

    if not message:
        return "", ""
    known = _known(str(message))
    if known:
        return known, ""
    text = for_ui(str(message)).strip()
    shown, details = [], []
    for clause in re.split(r";\s+|；", text):
        clause = clause.strip()
        if not clause:
            continue
        if "`" in clause:  # a command to type: the app offers its own way (the menus a clause names)
            continue
        if is_chinese() and not _CJK.search(clause):  # the server's text on its own
            details.append(clause)
            continue
        head, raw = _head_and_raw(clause)
        if raw:
            details.append(raw)
        if head:
            shown.append(head)
    detail = "; ".join(details)
    why = "" if shown and _says_why(shown[0], detail) else reason(detail)
    if why and shown:
        shown[0] = QCoreApplication.translate("DeskWords", "%1: %2").replace("%1", shown[0]).replace("%2", why)
    elif why:
        shown.append(why)
    sep = "；" if is_chinese() else "; "
    if shown:
        words = sep.join(shown)
    elif details:
        words = QCoreApplication.translate("DeskWords", "The desk server could not be used")
    else:  # every clause a command: the words around it, never the command
        words = re.sub(r"\s*[:：]?\s*[^:：;；`]*`[^`]*`", "", text).strip() or \
            QCoreApplication.translate("DeskWords", "The desk server could not be used")
    return words, detail


def _says_why(head: str, detail: str) -> bool:
    """Whether the core's own words already say why the desk could not be used (its words for the
    driver's reason, ``FAILURE_WORDS``): the app's would say it twice."""
    from workbench.desk import errors

    words = errors.FAILURE_WORDS.get(errors.failure_kind(detail))
    return bool(words) and any(w in head for w in words)


def _head_and_raw(clause: str) -> tuple[str, str]:
    """A clause split at the first colon after which no Chinese follows (the server's text there)."""
    from ui.common.i18n import is_chinese

    for m in re.finditer(r"[:：]\s*", clause):
        rest = clause[m.end():]
        if rest and (not _CJK.search(rest) if is_chinese() else _looks_raw(rest)):
            return clause[:m.start()].rstrip(), rest.strip()
    return clause, ""


def _looks_raw(text: str) -> bool:
    """The English UI: a driver's own text ("connection failed: …", "FATAL: …", "[Errno …]")."""
    return bool(re.match(r"(connection (failed|to server)|FATAL|failed to resolve|could not|\[Errno|timeout)", text,
                         re.I))


def message(text: str) -> str:
    """The words to show for a core desk message (see split_message)."""
    return split_message(text)[0]


# the core's note of a store found to be a copy (or a restored backup) and given a new workstation id
_REIDENTIFIED = re.compile(r"已重新标识为新的工作站|re-identified as a new workstation")


def status_line(notes: list[str]) -> str:
    """What a sync noticed, as one short line for the status bar (the notes in full go in the
    status's tooltip): a re-identified copy in a few words, with no file path and no workstation
    ids; any other note in the app's words."""
    lines = []
    for note in notes:
        if _REIDENTIFIED.search(note):
            lines.append(QCoreApplication.translate(
                "DeskWords", "This store is a copy of another workstation's file: it is a workstation of its own now, "
                "and nothing in it is lost"))
        else:
            lines.append(message(note))
    from ui.common.i18n import is_chinese

    return ("；" if is_chinese() else "; ").join(dict.fromkeys(t for t in lines if t))


def sync_summary(result) -> str:
    """What a sync or join did, in the UI's words (the core's SyncResult)."""
    parts = [QCoreApplication.translate("DeskWords", "%1 pushed").replace("%1", f"{result.pushed:,}"),
             QCoreApplication.translate("DeskWords", "%1 pulled").replace("%1", f"{result.pulled:,}"),
             QCoreApplication.translate("DeskWords", "%1 conflicts").replace("%1", f"{result.conflicts:,}")]
    if getattr(result, "refused", 0):
        parts.append(QCoreApplication.translate("DeskWords", "%1 refused").replace("%1", f"{result.refused:,}"))
    if getattr(result, "settled", 0):
        parts.append(QCoreApplication.translate("DeskWords", "%1 settled by themselves")
                     .replace("%1", f"{result.settled:,}"))
    from ui.common.i18n import is_chinese

    return ("，" if is_chinese() else ", ").join(parts)


def status_name(status: str) -> str:
    if status == "draft":
        return QCoreApplication.translate("DeskWords", "draft")
    if status == "review":
        return QCoreApplication.translate("DeskWords", "in review")
    if status == "final":
        return QCoreApplication.translate("DeskWords", "final")
    return status


_TAKEN = re.compile(r"\(本地 local (\w+) v(\d+); 团队库 desk (\w+)\)")


def taken_issue(text: str) -> str:
    """One issue of a join turned down for a week the desk has ("… (本地 local draft v1; 团队库 desk
    draft)"), its states in the UI's words."""
    def words(m) -> str:
        text = QCoreApplication.translate("DeskWords", "(here: %1 v%2; on the desk: %3)")
        return (text.replace("%1", status_name(m.group(1))).replace("%2", m.group(2))
                .replace("%3", status_name(m.group(3))))

    return _TAKEN.sub(words, text)
