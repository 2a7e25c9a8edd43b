"""Reading a document with a text layer never loads the OCR engine: it is imported only when a page needs it,
so the text-format path pays nothing for it (time or memory)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "corpus"

PROBE = """
import sys
from pathlib import Path
from parsers.parse import parse_path
for path in sys.argv[1:]:
    parse_path(Path(path))
print(",".join(sorted(m for m in ("rapidocr_onnxruntime", "onnxruntime", "parsers.ocr") if m in sys.modules)))
"""


def test_text_documents_do_not_import_the_ocr_engine() -> None:
    files = [next(CORPUS.glob(f"*.{ext}")) for ext in ("pdf", "docx", "html")]
    result = subprocess.run([sys.executable, "-c", PROBE, *map(str, files)], cwd=REPO, capture_output=True,
                            text=True, check=True, timeout=120)
    assert result.stdout.strip() == "", result.stdout
