"""`/account/signing-key/`: the person's signing key held in this browser (issue 12).

The key is made in the browser (WebCrypto Ed25519, not extractable, kept in IndexedDB); this
page shows its public key and fingerprint, to be put on the state's roster and signed by the
state's root key on the ministry's own machine (`accord roster sign`). It also shows what the
roster in force says of this person, so both can be compared.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.domain import signing
from accord.domain.errors import DomainError
from accord.members import demo_rosters, rosters
from accord.members.models import User


@login_required
def signing_key(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    demo_root = (
        user.state is not None
        and (demo_rosters.keys_dir() / f"{user.state.code.lower()}-root.pem").exists()
    )
    if request.method == "POST" and demo_root and user.is_head:
        try:
            demo_rosters.enrol_browser_key(
                actor=user, public_key=request.POST.get("public_key", "")
            )
        except DomainError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("This browser's key is on your state's roster now."))
        return redirect("members:signing-key")
    roster = rosters.current_roster(user.state) if user.state is not None else None
    person = None if roster is None else roster.person(user.username)
    on_roster = (
        []
        if person is None
        else [signing.fingerprint(signing.decode_b64(k, 32, "key")) for k in person.public_keys]
    )
    context = {
        "roster": roster,
        "person": person,
        "on_roster": on_roster,
        "roots": [] if user.state is None else rosters.root_values(user.state),
        "demo_root": demo_root and user.is_head,
    }
    return render(request, "members/signing_key.html", context)
