"""The public portal's pages: no staff links, no cookie before submission beyond CSRF, no
JavaScript needed, no address kept beyond the hashed rate-limit counters.

After a successful receipt code the citizen holds a short-lived signed cookie (path /portal/,
HttpOnly, SameSite=Strict) naming the submission; leaving deletes it.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from oversight.audit import proofs
from oversight.audit import writer as audit
from oversight.base.acting import acting
from oversight.core.errors import RuleError
from oversight.core.middleware import CsrfViewMiddleware
from oversight.portal import actions, forms, limits, lookup, pow, receipts
from oversight.portal.choices import Sender
from oversight.portal.models import Submission

LANGUAGES = ("vi", "en")
csrf_protect = decorator_from_middleware(CsrfViewMiddleware)
CASE_COOKIE = "portal_case"
CASE_SALT = "oversight.portal.case"

# The portal's own policy, stricter than the staff UI's: no inline style, no connections,
# nothing framed, forms only to ourselves.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; worker-src 'self'; connect-src 'none'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


def secure(response):
    """Headers of every portal response (the CSP middleware leaves it alone)."""
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    response["Expires"] = "0"
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Security-Policy"] = CSP
    response._csp_exempt = True
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "DENY"
    response["Cross-Origin-Opener-Policy"] = "same-origin"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Permissions-Policy"] = ("camera=(), microphone=(), geolocation=(), payment=(), "
                                      "usb=(), interest-cohort=()")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def portal_page(view):
    """Language from the path; audit entries without the client's address; strict headers.

    The CSRF check runs inside (the middleware skips the page) so that its refusal, too, gets
    the portal's headers."""
    protected = csrf_protect(view)  # ours: accepts the portal's `Origin: null` (core.middleware)

    @wraps(view)
    def wrapper(request, lang, *args, **kwargs):
        if lang not in LANGUAGES:
            return not_found(request)
        with translation.override(lang), acting(address=""):
            request.LANGUAGE_CODE = lang
            response = protected(request, lang, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response["Content-Language"] = lang
        return secure(response)

    wrapper.csrf_exempt = True
    return wrapper


def _page(request, lang, template, context=None, status=200):
    other = "en" if lang == "vi" else "vi"
    path = request.path.replace(f"/portal/{lang}/", f"/portal/{other}/", 1)
    ctx = {"lang": lang, "other_lang": other, "other_lang_url": path,
           "portal_name": _("Reporting portal")}
    ctx.update(context or {})
    return render(request, template, ctx, status=status)


def _limited(request, lang, error: limits.Limited):
    minutes = max(1, (error.wait + 59) // 60)
    response = _page(request, lang, "portal/limited.html",
                     {"minutes": minutes, "bucket": error.bucket}, status=429)
    response["Retry-After"] = str(error.wait)
    return response


def csrf_failure(request, reason=""):
    """A refused form: the portal's own page under /portal/, Django's page elsewhere."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    parts = request.path_info.split("/")
    if len(parts) > 2 and parts[1] == "portal":
        lang = parts[2] if parts[2] in LANGUAGES else "vi"
        with translation.override(lang), acting(address=""):
            response = _page(request, lang, "portal/expired.html", status=403)
        return secure(response)
    return django_csrf_failure(request, reason)


def not_found(request, rest=""):
    """An unknown address under /portal/: the portal's own page and headers, in Vietnamese
    unless the path names English."""
    lang = "en" if request.path_info.startswith("/portal/en/") else "vi"
    with translation.override(lang):
        response = _page(request, lang, "portal/not_found.html", status=404)
    response["Content-Language"] = lang
    return secure(response)


def index(request):
    return secure(HttpResponseRedirect(reverse("portal:home", args=["vi"])))


@portal_page
def home(request, lang):
    return _page(request, lang, "portal/home.html", {"kinds": forms.KIND_HELP.items()})


@portal_page
def privacy(request, lang):
    return _page(request, lang, "portal/privacy.html", {
        "reports": settings.PORTAL_REPORTS_PER_ADDRESS,
        "codes": settings.PORTAL_CODE_FAILURES})


def _pow_context(challenge: str) -> dict:
    return {"challenge": challenge, "pow_bits": settings.PORTAL_POW_BITS,
            "nojs_wait": settings.PORTAL_NOJS_WAIT}


@portal_page
@require_http_methods(["GET", "POST"])
def report(request, lang):
    if request.method == "GET":
        challenge = pow.issue()
        form = forms.ReportForm(initial={"challenge": challenge})
        return _page(request, lang, "portal/report.html", {"form": form,
                                                           **_pow_context(challenge)})
    form = forms.ReportForm(request.POST, request.FILES)
    challenge = request.POST.get("challenge", "")
    key = limits.address_key(request)
    if form.is_valid():
        verdict = pow.check(challenge, form.cleaned_data.get("pow") or "")
        if not verdict.ok:
            if verdict.reason == "early":
                form.add_error(None, _(
                    "Your browser did not run the anti-flood check (JavaScript is off). Please "
                    "wait %(seconds)s seconds, choose your files again if any, and send the "
                    "form again.") % {"seconds": verdict.wait})
            elif verdict.reason == "spent":
                form.add_error(None, _("This form was already sent. Please send it again."))
                challenge = pow.issue()
            else:
                form.add_error(None, _("The form expired. Please send it again."))
                challenge = pow.issue()
        elif not pow.spend(challenge):
            form.add_error(None, _("This form was already sent. Please send it again."))
            challenge = pow.issue()
        else:
            try:
                submission, code = actions.submit(
                    form, key=key, language=lang, proof=verdict.proof)
            except limits.Limited as error:
                pow.unspend(challenge)
                return _limited(request, lang, error)
            except RuleError as error:
                pow.unspend(challenge)
                form.add_error(error.field if error.field in form.fields else None,
                               error.message)
            else:
                return _page(request, lang, "portal/receipt.html", {
                    "submission": submission, "code": receipts.grouped(code),
                    "files": submission.files.all(),
                    "mapped_from": getattr(form, "mapped_from", None)})
    data = form.data.copy()
    data["challenge"] = challenge
    form.data = data
    return _page(request, lang, "portal/report.html", {"form": form,
                                                       **_pow_context(challenge)},
                 status=400)


# --- follow-up ------------------------------------------------------------------------------

def _case(request) -> Submission | None:
    value = request.COOKIES.get(CASE_COOKIE)
    if not value:
        return None
    try:
        pk = signing.loads(value, salt=CASE_SALT, max_age=settings.PORTAL_CASE_MINUTES * 60)
    except signing.BadSignature:
        return None
    return Submission.objects.filter(pk=pk).select_related("petition", "unit").first()


def _set_case(response, submission: Submission):
    response.set_cookie(
        CASE_COOKIE, signing.dumps(submission.pk, salt=CASE_SALT),
        max_age=settings.PORTAL_CASE_MINUTES * 60, path="/portal/", httponly=True,
        samesite="Strict", secure=settings.SESSION_COOKIE_SECURE)
    return response


@portal_page
@require_http_methods(["GET", "POST"])
def follow(request, lang):
    if request.method == "GET":
        return _page(request, lang, "portal/follow.html", {"form": forms.CodeForm()})
    key = limits.address_key(request)
    try:
        limits.code_attempt_allowed(key)
    except limits.Limited as error:
        audit.record("portal.code_refused", address="", object_type_="portal.submission",
                     detail={"client": key[:12]})
        return _limited(request, lang, error)
    form = forms.CodeForm(request.POST)
    if form.is_valid():
        submission = lookup.find(form.cleaned_data["code"])
        if submission is not None:
            response = HttpResponseRedirect(reverse("portal:case", args=[lang]))
            audit.record("portal.followed", submission, address="")
            return _set_case(response, submission)
        failures = limits.code_failed(key)
        audit.record("portal.code_failed", address="", object_type_="portal.submission",
                     detail={"client": key[:12], "failures": failures})
        left = settings.PORTAL_CODE_FAILURES - failures
        form.add_error("code", _("No report has this code.") + " " + (
            _("%(left)s more attempts this hour.") % {"left": left} if left > 0 else
            _("Further attempts from this connection must wait an hour.")))
    return _page(request, lang, "portal/follow.html", {"form": form}, status=400)


def _case_page(request, lang, submission, reply=None, evidence=None, status=200):
    actions.mark_read_by_citizen(submission)
    return _page(request, lang, "portal/case.html", {
        "submission": submission, "info": lookup.citizen_status(submission),
        "messages_": submission.messages.all(), "files": submission.files.all(),
        "reply_form": reply or forms.ReplyForm(), "evidence_form": evidence or
        forms.EvidenceForm(), "case_minutes": settings.PORTAL_CASE_MINUTES}, status=status)


def _no_case(lang):
    return HttpResponseRedirect(reverse("portal:follow", args=[lang]))


@portal_page
def case(request, lang):
    submission = _case(request)
    if submission is None:
        return _no_case(lang)
    return _set_case(_case_page(request, lang, submission), submission)


def _case_post(request, lang, form_class, act, *, field: str, anchor: str, slot: str):
    """A citizen's action on the open report: `act(submission, cleaned_data, key)`; limits
    answer 429, rule errors go beside `field`, success returns to the page at `anchor`."""
    submission = _case(request)
    if submission is None:
        return _no_case(lang)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(submission, form.cleaned_data, limits.address_key(request))
        except limits.Limited as error:
            return _limited(request, lang, error)
        except RuleError as error:
            form.add_error(field, error.message)
        else:
            return HttpResponseRedirect(reverse("portal:case", args=[lang]) + anchor)
    return _case_page(request, lang, submission, status=400, **{slot: form})


def _reply(submission, data, key):
    limits.message_allowed(key)
    actions.post_message(submission, body=data["body"], sender=Sender.CITIZEN)


@portal_page
@require_POST
def case_reply(request, lang):
    return _case_post(request, lang, forms.ReplyForm, _reply, field="body",
                      anchor="#messages", slot="reply")


@portal_page
@require_POST
def case_evidence(request, lang):
    return _case_post(request, lang, forms.EvidenceForm,
                      lambda submission, data, key: actions.add_evidence(
                          submission, data["files"], key=key),
                      field="files", anchor="#files", slot="evidence")


@portal_page
def case_proof(request, lang):
    submission = _case(request)
    if submission is None:
        return _no_case(lang)
    proof = proofs.for_submission(submission)
    return _page(request, lang, "portal/proof.html", {
        "submission": submission, "files": submission.files.all(), "printed": timezone.now(),
        "proof": proof, "proof_lines": proofs.wrapped(proof.text)})


@portal_page
@require_http_methods(["GET", "POST"])
def verify(request, lang):
    """Anyone checks a proof of filing: the signature only, with the portal's public key.
    Nothing is looked up (the answer is the same whether or not the report still exists),
    nothing is recorded, and the page shows only what the proof itself says."""
    context = {"public_key": proofs.public_key_text()}
    if request.method == "GET":
        return _page(request, lang, "portal/verify.html", {**context, "form": forms.ProofForm()})
    form = forms.ProofForm(request.POST)
    if not form.is_valid():
        return _page(request, lang, "portal/verify.html", {**context, "form": form},
                     status=400)
    proof = form.cleaned_data["proof"]
    return _page(request, lang, "portal/verify.html", {
        **context, "form": forms.ProofForm(), "proof": proof,
        "proof_at": dt.datetime.fromisoformat(proof.at.replace("Z", "+00:00"))})


@portal_page
@require_POST
def case_leave(request, lang):
    response = HttpResponseRedirect(reverse("portal:home", args=[lang]))
    response.delete_cookie(CASE_COOKIE, path="/portal/", samesite="Strict")
    return response

