"""Pages for access lists, disclosure requests, custodians' pending work and password change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversight.accounts.models import User
from oversight.accounts.roles import Role
from oversight.core.errors import RuleError
from oversight.core.scoping import VIEW
from oversight.identity import actions, crypto, keys, sealed, session
from oversight.identity.models import DisclosureRequest

RECORD_MODELS = {"matter": "matters.Matter", "petition": "petitions.Petition"}


def _record(request, model: str, pk: int):
    from django.apps import apps

    if model not in RECORD_MODELS:
        raise Http404
    cls = apps.get_model(RECORD_MODELS[model])
    return get_object_or_404(cls.objects.restrict(request.user, VIEW), pk=pk)


def _back(record):
    return redirect(f"{type(record)._meta.model_name}-detail", record.pk)


@require_POST
@login_required
def record_access(request, model, pk):
    """Grant (`grant`=user id), revoke (`revoke`=user id) or reclassify (`level`)."""
    record = _record(request, model, pk)
    try:
        if request.POST.get("level"):
            actions.set_classification(record, request.POST["level"], by=request.user)
            messages.success(request, _("Classification changed."))
        elif request.POST.get("grant"):
            user = get_object_or_404(User, pk=request.POST["grant"])
            actions.grant_access(record, user=user, by=request.user)
            messages.success(request, _("Access granted."))
        elif request.POST.get("revoke"):
            user = get_object_or_404(User, pk=request.POST["revoke"])
            actions.revoke_access(record, user=user, by=request.user)
            messages.success(request, _("Access revoked."))
    except RuleError as error:
        messages.error(request, str(error.message))
    if not type(record).objects.restrict(request.user, VIEW).filter(pk=record.pk).exists():
        return redirect(f"{type(record)._meta.model_name}-list")
    return _back(record)


@require_POST
@login_required
def disclosure_request(request, pk):
    petition = _record(request, "petition", pk)
    try:
        actions.request_disclosure(petition, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Your request was sent to the unit's identity custodian."))
    except RuleError as error:
        messages.error(request, str(error.message))
    return _back(petition)


@require_POST
@login_required
def disclosure_decide(request, pk):
    req = get_object_or_404(DisclosureRequest, pk=pk)
    record = req.record
    if record is None or not type(record).objects.restrict(request.user, VIEW).filter(
            pk=record.pk).exists():
        raise Http404
    try:
        if request.POST.get("decision") == "approve":
            actions.approve_disclosure(req, by=request.user, private=session.private_key(request),
                                    note=request.POST.get("note", ""))
            messages.success(request, _("Disclosure approved."))
        else:
            actions.refuse_disclosure(req, by=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("Disclosure refused."))
    except RuleError as error:
        messages.error(request, str(error.message))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("identity-pending")


@login_required
def pending(request):
    """A custodian's desk: their own key's fingerprint (to read out to the custodian who
    approves them), custodians of the unit awaiting approval, disclosure requests, and keys to
    share with other units' keys (a transferred petition)."""
    user = request.user
    if not user.has_role(Role.CUSTODIAN):
        raise Http404
    private = session.private_key(request)
    shared = keys.rewrap_pending(user, private) if private and request.method == "POST" else 0
    if shared:
        messages.success(request, _("%(n)d keys shared with other units.") % {"n": shared})
        return redirect("identity-pending")
    Petition = sealed.model()
    visible = Petition.objects.restrict(user, VIEW).filter(identity_envelope__isnull=False)
    requests = DisclosureRequest.objects.filter(
        status=DisclosureRequest.Status.PENDING,
        content_type=ContentType.objects.get_for_model(Petition),
        object_id__in=visible.values("pk"),
    ).select_related("requester")

    return render(request, "identity/pending.html", {
        "requests": requests, "unlocked": private is not None,
        "pending_wraps": len(keys.pending_wraps(user)),
        "my_fingerprint": _grouped(keys.fingerprint(crypto.public_of(private)))
        if private else "",
        "approved": keys.approved_custodian(user),
        "to_approve": [dict(c, fingerprint=_grouped(c["fingerprint"]))
                       for c in keys.pending_custodians(user)],
    })


def _grouped(fingerprint: str) -> str:
    return " ".join(fingerprint[i:i + 4] for i in range(0, len(fingerprint), 4)).upper()


@require_POST
@login_required
def custodian_approve(request, pk):
    """Approve a new custodian of the unit: the fingerprint typed is the one they read out."""
    if not request.user.has_role(Role.CUSTODIAN):
        raise Http404
    candidates = {c["user"].pk: c["user"] for c in keys.pending_custodians(request.user)}
    custodian = candidates.get(pk) or get_object_or_404(User.objects.none(), pk=pk)
    try:
        given = keys.approve_custodian(custodian, by=request.user,
                                       private=session.private_key(request),
                                       fingerprint_typed=request.POST.get("fingerprint", ""))
    except RuleError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(user)s is now a custodian of the unit: they hold its "
                                    "key.") % {"user": custodian} if given else
                         _("Approval recorded; another custodian of the unit must approve "
                           "too."))
    return redirect("identity-pending")


@login_required
def password_change(request):
    """Change the password and re-encrypt the private key under it (with the old password)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        user._identity_old_private = keys.unlock(user, form.cleaned_data["old_password"])
        form.save()
        update_session_auth_hash(request, user)
        private = keys.unlock(user, form.cleaned_data["new_password1"])
        if private:
            session.store(request, private)
        messages.success(request, _("Password changed."))
        return redirect("dashboard")
    return render(request, "identity/password.html", {"form": form})
