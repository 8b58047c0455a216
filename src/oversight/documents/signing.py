"""Signing outgoing documents: the seam.

Now: the document carries a visible signature block — the signer's position and name, with
room for a handwritten signature and the seal on the printed copy (`visible_note` is empty).

Later: a digital signature in the PDF itself (PAdES, ETSI EN 319 142: a CMS signature in the
PDF's signature dictionary, with the signing time and the certificate chain) made with the
special-use public-service certificates that Vietnam's Government Cipher Committee (Ban Cơ
yếu Chính phủ) issues to officials, on a USB token or a remote signing service. The legal
frame as we know it (not checked against the texts): the Law on Electronic Transactions 2023
and the decree on special-use digital signatures for public service (Decree 68/2024/NĐ-CP,
which replaced Decree 130/2018/NĐ-CP for that purpose, we believe). Such a signature cannot
be made on the server: the private key stays on the official's token.

The seam, so that nothing else changes when it comes:
- `sign(pdf, document)` receives the stamped PDF of an issued document and returns the PDF
  to store; today it adds the server's Ed25519 proof to its metadata (not a PAdES signature:
  it proves the system issued this file under that chain head, not who signed it). A PAdES
  signer replaces it (e.g. a function named by a setting that hands the PDF to the token's
  signing service, or to pyHanko with a PKCS#11 token) and must keep the bytes it signed: the
  stored file's SHA-256 is taken after it.
- `visible_note()` is what the signature block says above the name ("" now; e.g. "Đã ký số"
  once documents are signed digitally).
"""

from __future__ import annotations

from oversight.audit import proofs


def sign(pdf: bytes, document) -> bytes:
    """The PDF with the document's Ed25519 proof (`audit.proofs.for_document`: the Word
    file's SHA-256 and the chain head it was issued under) in its metadata
    (`/OversightProof`), checkable on the portal's verification page."""
    import io

    import pikepdf


    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.docinfo["/OversightProof"] = proofs.for_document(document).text
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def visible_note() -> str:
    return ""
