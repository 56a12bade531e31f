"""Uses the Python client generated from the served OpenAPI document (openapi-python-client)
against a running server, as an applicant: opens the application, uploads a PDF whose bytes
are not UTF-8, downloads it byte for byte, and reads the document list and the application
back as typed models. Run by .ci/clients with the generated package on PYTHONPATH."""

import hashlib
import io
import os
import sys
from uuid import UUID

import httpx
from charter_client import AuthenticatedClient
from charter_client.api.applications import get_application, open_application
from charter_client.api.documents import download_document, list_documents, submit_document
from charter_client.models import (
    CommandAccepted,
    DocumentKind,
    DocumentPage,
    DocumentView,
    FounderInput,
    OpenApplication,
    Stage,
)
from charter_client.types import File

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) + b"\n%%EOF\n"


def pdf_media_type(request: httpx.Request) -> None:
    """The generated upload sends application/octet-stream; the server records whatever
    Content-Type the file comes with, so the upload names the file's own."""
    if request.method == "POST" and request.url.path.endswith("/documents"):
        request.headers["Content-Type"] = "application/pdf"


def main() -> None:
    application = UUID(os.environ["CHARTER_APPLICATION"])
    client = AuthenticatedClient(
        base_url=os.environ["CHARTER_URL"],
        token=os.environ["CHARTER_TOKEN"],
        raise_on_unexpected_status=True,
        httpx_args={"event_hooks": {"request": [pdf_media_type]}},
    )
    opened = open_application.sync_detailed(
        client=client,
        body=OpenApplication(
            city="Porto",
            country="PT",
            hub_name="Impact Hub Porto",
            founders=[FounderInput(name="Rui Lopes", email="rui@example.org")],
        ),
    )
    assert isinstance(opened.parsed, CommandAccepted), opened.content

    uploaded = submit_document.sync_detailed(
        application,
        client=client,
        body=File(payload=io.BytesIO(PDF), file_name="plan.pdf", mime_type="application/pdf"),
        kind=DocumentKind.PRELIMINARY_REPORT,
        file_name="plan.pdf",
    )
    assert isinstance(uploaded.parsed, CommandAccepted), uploaded.content
    position = uploaded.parsed.position
    token = uploaded.headers.get("Consistency-Token", str(position))

    downloaded = download_document.sync_detailed(
        application,
        DocumentKind.PRELIMINARY_REPORT,
        1,
        client=client,
        min_position=position,
        consistency_token=token,
    )
    assert isinstance(downloaded.parsed, File), downloaded.content
    assert downloaded.parsed.payload.read() == PDF, "the download differs from the upload"
    assert downloaded.headers["Content-Type"] == "application/pdf", downloaded.headers

    page = list_documents.sync(application, client=client, min_position=position)
    assert isinstance(page, DocumentPage), page
    assert page.next_ is None, page.next_
    documents = page.items
    report = next(d for d in documents if d.kind == DocumentKind.PRELIMINARY_REPORT)
    assert isinstance(report, DocumentView)
    assert report.version == 1 and report.size == len(PDF), report
    assert report.sha256 == hashlib.sha256(PDF).hexdigest(), report

    read = get_application.sync(application, client=client, min_position=position)
    assert read is not None and not hasattr(read, "status"), read
    assert read.stage == Stage.APPLIED, read.stage
    print(f"python client: uploaded and downloaded {len(PDF)} bytes, stage {read.stage.value}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # the CI log should say which step failed, then fail
        print(f"python client: {error!r}", file=sys.stderr)
        raise
