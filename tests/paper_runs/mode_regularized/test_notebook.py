"""The 003 Colab notebook: valid JSON, and every command it runs names an experiment of the paper."""

import json
import re
from pathlib import Path

from paper_runs import mode_regularized

NOTEBOOK = Path(__file__).resolve().parents[3] / "paper_runs" / "notebooks" / "mode_regularized.ipynb"


def test_notebook_commands_name_real_experiments():
    notebook = json.loads(NOTEBOOK.read_text())
    code = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    named = re.findall(r"python -m paper_runs\.mode_regularized (\w+)", code)
    experiments = {experiment.name for experiment in mode_regularized.PAPER.experiments}
    assert named and set(named) <= experiments
