"""An issued document carries the audit chain head it was issued under and an Ed25519 proof
over its file's digest and that head (issue 13)."""

from __future__ import annotations

import io

from docx import Document

from oversight.audit import proofs
from oversight.documents import actions


def test_an_issued_document_carries_its_head_and_a_verifiable_proof(petition, nghean):
    document = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice",
                             make_pdf_now=False)
    word = Document(io.BytesIO(actions.docx_bytes(document)))
    footer = "\n".join(p.text for s in word.sections for p in s.footer.paragraphs)
    assert document.audit_head and document.audit_head in footer
    assert f"#{document.audit_position}" in footer
    proof = proofs.check(document.proof_text)
    assert (proof.kind, proof.digest) == ("document", document.sha256)
    assert (proof.position, proof.head) == (document.audit_position, document.audit_head)


def test_the_pdf_keeps_the_proof_in_its_metadata(petition, nghean, monkeypatch):
    import pikepdf

    from oversight.core import rendering

    document = actions.issue(petition("accepted"), by=nghean, template="acceptance_notice",
                             make_pdf_now=False)
    blank = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(blank)
    monkeypatch.setattr(rendering, "to_pdf", lambda data, suffix, stamp: blank.getvalue())
    with pikepdf.open(io.BytesIO(actions.make_pdf(document))) as pdf:
        text = str(pdf.docinfo["/OversightProof"])
    assert proofs.check(text).digest == document.sha256
