"""What the portal reads: a submission by its receipt code, the submission behind a petition,
and where a report stands in words for the citizen (no staff names, no internal notes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from oversight.petitions.choices import Classification, Status
from oversight.portal import receipts
from oversight.portal.choices import SubmissionState
from oversight.portal.models import Submission


def find(code: str) -> Submission | None:
    return Submission.objects.filter(receipt_hash=receipts.digest(code)).select_related(
        "petition", "unit").first()


def submission_for(petition) -> Submission | None:
    """The portal submission behind a petition, following transfers back to the first one."""
    seen = set()
    while petition is not None and petition.pk not in seen:
        seen.add(petition.pk)
        found = Submission.objects.filter(petition=petition).first()
        if found is not None:
            return found
        petition = petition.transferred_from
    return None


# --- what the citizen is told -----------------------------------------------------------------

def _latest(petition):
    """Follow transfers forward: the petition that now carries the matter."""
    seen = set()
    while petition is not None and petition.status == Status.TRANSFERRED and \
            petition.pk not in seen:
        seen.add(petition.pk)
        nxt = petition.transfers.order_by("-id").first()
        if nxt is None:
            break
        petition = nxt
    return petition


def citizen_status(submission: Submission) -> dict:
    """Where the report stands, in words for the citizen (no staff names, no internal notes)."""
    if submission.state == SubmissionState.HELD:
        return {"code": "held", "label": _("Received — waiting for review"),
                "text": _("Many reports arrived at the same time; an officer will review "
                          "yours shortly.")}
    if submission.state == SubmissionState.DISCARDED:
        return {"code": "discarded", "label": _("Not accepted"),
                "text": _("The report was not accepted as it did not concern a real "
                          "matter.")}
    petition = _latest(submission.petition)
    status = petition.status
    unit = petition.unit.name
    info = {"code": status, "due": petition.next_due,
            "outcome": petition.get_outcome_display() if petition.outcome else "",
            "settled_on": petition.settled_on}
    texts = {
        Status.RECEIVED: (_("Received"), _("Your report is at %(unit)s and is being "
                                           "examined.")),
        Status.CLASSIFIED: (_("Being examined"), _("%(unit)s is examining your report.")),
        Status.ACCEPTED: (_("Accepted"), _("%(unit)s accepted your report and is settling "
                                           "it.")),
        Status.SETTLING: (_("Being settled"), _("%(unit)s is verifying and settling your "
                                               "report.")),
        Status.SETTLED: (_("Settled"), _("%(unit)s has settled your report.")),
        Status.NOT_ACCEPTED: (_("Not accepted"), _("%(unit)s did not accept your report. "
                                                   "See the messages for the reason.")),
        Status.TRANSFERRED: (_("Transferred"), _("Your report was sent to the competent "
                                                 "agency.")),
        Status.GUIDED: (_("Sent elsewhere"), _("Your report is for another agency: "
                                               "%(guided)s.")),
        Status.FILED: (_("Filed"), _("Your report was kept on record without further "
                                     "action.")),
    }
    label, text = texts[status]
    if status == Status.FILED and petition.classification == \
            Classification.VERIFY_AS_INFORMATION:
        label, text = (_("Taken as information"), _(
            "%(unit)s took your report as information to verify under its own competence. "
            "The results of verifying an anonymous denunciation are not notified formally; "
            "officers may still write to you here."))
    info["label"] = label
    info["text"] = text % {"unit": unit, "guided": petition.guided_to}
    if submission.anonymous and submission.kind == "denunciation":
        info["note"] = _("An anonymous denunciation is verified as information: you will not "
                         "receive the formal notices a named denouncer receives, but officers "
                         "may write to you here.")
    return info
