"""yaml-language-server, the validator behind editors' YAML support, agrees with check.

A tiny LSP client (stdio JSON-RPC) does what an editor does: initialize, send the
``yaml.schemas`` mapping of scenes/*.schema.json through workspace/didChangeConfiguration
(answering the server's workspace/configuration pull), open each file and collect the
diagnostics it publishes. Every shipped file must get none; the fixture pack with
``fictional: yes`` must get the boolean error from the server and from ``check``.

The server is found through $YAML_LANGUAGE_SERVER or on PATH (.ci/schema installs it with
npm into a temporary prefix); without it the test is skipped, saying so.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

import pytest

from game.core.loader import load_story
from game.paths import default_story_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: a guard against a hung server, never a measure of speed
PATIENCE = 120.0

SERVER = os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")
pytestmark = pytest.mark.skipif(
    not SERVER, reason="yaml-language-server is not on PATH and $YAML_LANGUAGE_SERVER is unset (.ci/schema runs this)"
)


def _settings(schema_dir: Path) -> dict[str, Any]:
    """The editor settings that map each file name to its schema (globs get a '**/' prefix)."""
    def uri(name: str) -> str:
        return (schema_dir / name).as_uri()

    return {
        "validate": True,
        "yamlVersion": "1.2",
        "schemaStore": {"enable": False},  # no network: only our schemas
        "schemas": {
            uri("story.schema.json"): ["story.yaml"],
            uri("notes.schema.json"): ["notes.yaml"],
            uri("guide.schema.json"): ["guide.yaml"],
            uri("chapter.schema.json"): ["*.yaml", "!story.yaml", "!notes.yaml", "!guide.yaml"],
        },
    }


class LspClient:
    """Just enough of an editor to read a server's diagnostics."""

    def __init__(self, command: list[str], settings: dict[str, Any], root: Path):
        self.settings = settings
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                "textDocument": {"publishDiagnostics": {}},
            },
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                self.inbox.put(None)
                return
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        answer = self.wait_for(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in answer, answer
        return answer.get("result")

    def wait_for(self, wanted: Any) -> dict[str, Any]:
        """The next message ``wanted`` accepts, answering the server's own requests meanwhile."""
        while True:
            message = self.inbox.get(timeout=PATIENCE)
            assert message is not None, "yaml-language-server exited"
            if "method" in message and "id" in message:
                self._answer(message)
            elif wanted(message):
                return message

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self.settings if item.get("section") == "yaml" else None
                      for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    def diagnostics(self, paths: list[Path]) -> dict[Path, list[dict[str, Any]]]:
        """Open ``paths`` and return what the server finds in each once it applies our
        schema to it. All at once: the server waits a moment before validating each file."""
        uris = {path.resolve().as_uri(): path for path in paths}
        texts = {uri: path.read_text("utf-8") for uri, path in uris.items()}
        for uri, text in texts.items():
            self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                                  "text": text}})
        self._published(set(uris))
        for uri, path in uris.items():
            schemas = [s["uri"] for s in self.request("yaml/get/jsonSchema", uri)]
            expected = {"story.yaml": "story", "notes.yaml": "notes", "guide.yaml": "guide"}.get(path.name, "chapter")
            assert [Path(s).name for s in schemas] == [f"{expected}.schema.json"], (path, schemas)
        # the schemas are now in effect: validate again, so no answer can predate them
        for uri, text in texts.items():
            self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                                   "contentChanges": [{"text": text}]})
        found = self._published(set(uris))
        for uri in uris:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return {uris[uri]: diagnostics for uri, diagnostics in found.items()}

    def _published(self, uris: set[str]) -> dict[str, list[dict[str, Any]]]:
        """The next diagnostics published for each of ``uris``."""
        found: dict[str, list[dict[str, Any]]] = {}
        while len(found) < len(uris):
            message = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                    and m["params"]["uri"] in uris and m["params"]["uri"] not in found)
            found[message["params"]["uri"]] = message["params"]["diagnostics"]
        return found

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=PATIENCE)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def client():
    assert SERVER
    lsp = LspClient([SERVER, "--stdio"], _settings(default_story_dir()), default_story_dir().parent)
    yield lsp
    lsp.close()


def test_every_shipped_file_is_clean_in_the_editor(client: LspClient) -> None:
    paths = sorted(default_story_dir().glob("*.yaml"))
    assert len(paths) > 4
    found = {
        path.name: [(d["range"]["start"]["line"] + 1, d["message"]) for d in diagnostics]
        for path, diagnostics in client.diagnostics(paths).items()
        if any(d.get("severity", 1) == 1 for d in diagnostics)
    }
    assert not found


def test_fictional_yes_is_an_error_in_the_editor_and_in_check(client: LspClient) -> None:
    story = FIXTURES / "yaml11_boolean" / "story.yaml"
    line = next(n for n, text in enumerate(story.read_text("utf-8").splitlines()) if "fictional: yes" in text)
    errors = client.diagnostics([story])[story]
    assert [(d["range"]["start"]["line"], d["message"]) for d in errors] == [(line, 'Incorrect type. Expected "boolean".')]
    _, diagnostics = load_story(story.parent, strict=False)
    [error] = diagnostics.errors
    assert (error.pos.line, error.code) == (line, "type") and error.hint.startswith("did you mean true?")
