"""The named events of the monthly chain, and who listens to each: the one page to read the cycle.

figures_changed(periods)
    Sent by an import once the months' figures are recomputed. Listener: judge_criteria, which
    judges every open task's criterion against those months and proposes confirmations and
    follow-ups (tasks.compliance). Runs inside the sender's transaction: the figures and the
    judgement are kept together or not at all.
directive_submitted(directive)
    Sent when the office submits a draft for signing (page, API). Listener: directives.notices.
    tell_signers_of_submission, which tells the leaders and signers. Inside the sender's
    transaction.
directive_returned(directive)
    Sent when a leader returns a draft (page, API). Listener: directives.notices.
    tell_drafter_of_return, which tells its drafter. Inside the sender's transaction.
directive_signed(directive)
    Sent by signing (page, API, command line) once the signature is committed. Listeners:
    directives.operations.after_signing, which queues the rendering and signing of the letter's
    DOCX and PDF (after commit, as a job; a lost job is found again by the recovery sweep), and
    directives.notices.tell_office_of_signing, which tells the office to issue it (after commit,
    committing its notifications itself).
directive_issued(directive, tasks)
    Sent by issuing, once the letter's unit tasks are created. Listener:
    tasks.notices.tell_units_of_issue, which tells each unit its assignments and deadlines.
    Runs inside the sender's transaction (the notifications; their e-mails go after commit).
report_submitted(report)
    Sent when a unit reports on its task. Listener: reports.notices.tell_staff_of_report, which
    tells the office and the leaders. Inside the sender's transaction.
report_decided(report)
    Sent when a leader accepts or returns a report. Listener: reports.notices.
    tell_unit_of_decision, which tells the unit. Inside the sender's transaction.
extension_requested(request)
    Sent when a unit asks for a later deadline. Listener: tasks.notices.
    tell_staff_of_extension_request, which tells the office and the leaders. Inside the sender's
    transaction.
extension_decided(request)
    Sent when a leader grants or refuses it. Listener: tasks.notices.
    tell_unit_of_extension_decision, which tells the unit. Inside the sender's transaction.
task_confirmed(task, comment)
    Sent when a leader confirms a unit has complied (one task, or a month's at once). Listener:
    tasks.notices.tell_unit_of_confirmation, which tells the unit. Inside the sender's transaction.
exemption_requested(exemption)
    Sent when a unit disputes a late dossier. Listener: exemptions.notices.tell_staff_of_request,
    which tells the office and the leaders. Inside the sender's transaction.
exemption_decided(exemption)
    Sent when the office or a leader accepts or rejects a request (an acceptance has recomputed
    the figures and sent figures_changed first). Listener: exemptions.notices.
    tell_unit_of_decision, which tells the unit. Inside the sender's transaction.

Every notification names its hand-off (notify's key): a hand-off announced again, or a job run
again, tells nobody twice.

Listeners are connected by the app factory (connect_listeners); senders know the event only.
"""

from __future__ import annotations

from blinker import Namespace

from webapp.directives.notices import (
    tell_drafter_of_return,
    tell_office_of_signing,
    tell_signers_of_submission,
)
from webapp.directives.operations import after_signing
from webapp.exemptions.notices import tell_staff_of_request
from webapp.exemptions.notices import tell_unit_of_decision as tell_unit_of_exemption
from webapp.reports.notices import tell_staff_of_report, tell_unit_of_decision
from webapp.tasks.compliance import evaluate_criteria
from webapp.tasks.notices import (
    tell_staff_of_extension_request,
    tell_unit_of_confirmation,
    tell_unit_of_extension_decision,
    tell_units_of_issue,
)

signals = Namespace()
figures_changed = signals.signal("figures-changed", doc="A month's figures were recomputed.")
directive_submitted = signals.signal("directive-submitted", doc="A draft was submitted to sign.")
directive_returned = signals.signal("directive-returned", doc="A leader returned a draft.")
directive_signed = signals.signal("directive-signed", doc="A letter was signed and numbered.")
directive_issued = signals.signal("directive-issued", doc="A letter's unit tasks were created.")
report_submitted = signals.signal("report-submitted", doc="A unit reported on its task.")
report_decided = signals.signal("report-decided", doc="A leader accepted or returned a report.")
extension_requested = signals.signal("extension-requested", doc="A unit asked for more time.")
extension_decided = signals.signal("extension-decided", doc="A request for more time was decided.")
task_confirmed = signals.signal("task-confirmed", doc="A leader confirmed a unit complied.")
exemption_requested = signals.signal("exemption-requested", doc="A unit disputed a late dossier.")
exemption_decided = signals.signal("exemption-decided", doc="A request for exemption was decided.")


def judge_criteria(_sender, *, periods: list[str]) -> None:
    """Judge the open tasks' criteria against the months whose figures changed."""
    evaluate_criteria(periods)


def connect_listeners() -> None:
    """Connect every listener to its event (connecting twice changes nothing)."""
    figures_changed.connect(judge_criteria)
    directive_submitted.connect(tell_signers_of_submission)
    directive_returned.connect(tell_drafter_of_return)
    directive_signed.connect(after_signing)
    directive_signed.connect(tell_office_of_signing)
    directive_issued.connect(tell_units_of_issue)
    report_submitted.connect(tell_staff_of_report)
    report_decided.connect(tell_unit_of_decision)
    extension_requested.connect(tell_staff_of_extension_request)
    extension_decided.connect(tell_unit_of_extension_decision)
    task_confirmed.connect(tell_unit_of_confirmation)
    exemption_requested.connect(tell_staff_of_request)
    exemption_decided.connect(tell_unit_of_exemption)
