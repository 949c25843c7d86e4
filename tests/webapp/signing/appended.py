"""Updates appended to a signed PDF, the way a forger's editor or a long-term validation tool
writes them: signature fields sharing one signature, a new title, new XMP metadata, a DSS, a
document timestamp."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore

from webapp.signing.pki import local_ca

FORGED_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Quyết định kỷ luật (GIẢ MẠO)</rdf:li></rdf:Alt></dc:title>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_fields_sharing_the_signature(signed: bytes, count: int) -> bytes:
    """Append `count` signature fields whose value is the first field's signature dictionary."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    value = fields[0].get_object().raw_get("/V")
    for index in range(count):
        field = generic.DictionaryObject(
            {
                generic.NameObject("/FT"): generic.NameObject("/Sig"),
                generic.NameObject("/T"): generic.TextStringObject(f"Ban lap {index}"),
                generic.NameObject("/V"): value,
            }
        )
        fields.append(writer.add_object(field))
    writer.update_container(form)
    return _written(writer)


def with_signature_copies(signed: bytes, count: int, byte_range: list[int] | None = None) -> bytes:
    """Append `count` fields with distinct copies of the first signature, over the same range."""
    # Each copy has one byte of the value's zero padding changed; `byte_range` replaces the range.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    original = fields[0].get_object()["/V"]
    contents = bytes(original["/Contents"])
    for index in range(count):
        copy = generic.DictionaryObject(dict(original.items()))
        forged = contents[:-1] + bytes([index + 1])
        copy[generic.NameObject("/Contents")] = generic.ByteStringObject(forged)
        if byte_range is not None:
            copy[generic.NameObject("/ByteRange")] = generic.ArrayObject(
                generic.NumberObject(value) for value in byte_range
            )
        field = generic.DictionaryObject(
            {
                generic.NameObject("/FT"): generic.NameObject("/Sig"),
                generic.NameObject("/T"): generic.TextStringObject(f"Ban sao {index}"),
                generic.NameObject("/V"): writer.add_object(copy),
            }
        )
        fields.append(writer.add_object(field))
    writer.update_container(form)
    return _written(writer)


def with_huge_xref_table(signed: bytes, entries: int) -> bytes:
    """Append a cross-reference section of `entries` free entries, parsed before any object."""
    reader = PdfFileReader(io.BytesIO(signed), strict=False)
    root = reader.trailer.raw_get("/Root").reference
    previous = int(signed.rsplit(b"startxref", 1)[1].split()[0])
    start = len(signed) + 1
    section = b"\nxref\n0 %d\n" % entries + b"0000000000 65535 f\r\n" * entries
    trailer = b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (entries, root.idnum, previous)
    return signed + section + trailer + b"startxref\n%d\n%%%%EOF\n" % start


def with_title(signed: bytes, title: str) -> bytes:
    """Append an update that gives the document information dictionary a new /Title."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject(title)
    writer.update_container(info)
    return _written(writer)


def with_xmp(signed: bytes, xmp: bytes = FORGED_XMP) -> bytes:
    """Append an update that replaces the XMP metadata stream with a new one."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(
        MetadataStream(stream_data=xmp)
    )
    writer.update_root()
    return _written(writer)


def with_dss(signed: bytes) -> bytes:
    """Append a document security store with the signature's certificates, as LTV tools do."""
    # Without revocation data, which would need a network.
    signature = PdfFileReader(io.BytesIO(signed), strict=False).embedded_signatures[0]
    certificates = [choice.chosen for choice in signature.signed_data["certificates"]]
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    DocumentSecurityStore.supply_dss_in_writer(writer, signature.pkcs7_content, certs=certificates)
    return _written(writer)


def with_document_timestamp(signed: bytes, pki_folder: Path, organization: str) -> bytes:
    """Append a document timestamp from a timestamp authority of the local CA, made offline."""
    ca_cert, ca_key = local_ca(pki_folder, organization)
    key = rsa.generate_private_key(
        public_exponent=65537, key_size=2048
    )  # pyHanko's test TSA: RSA only
    now = datetime.now(UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Máy chủ dấu thời gian thử")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    timestamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        certs_to_embed=[asn1_x509.Certificate.load(ca_cert.public_bytes(der))],
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    return PdfTimeStamper(timestamper).timestamp_pdf(writer, "sha256").getvalue()
