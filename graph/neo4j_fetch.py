"""Fetch Neo4j Community from Maven Central into a cache folder outside git.

Neo4j publishes no tarball to a package registry, but every jar of the server
is on Maven Central. Depending on ``org.neo4j:neo4j`` (the module that holds
``org.neo4j.server.CommunityEntryPoint``) and copying its runtime dependencies
gives the same ``lib/`` folder the tarball has, so the machine needs only a
JDK and Maven, both ordinary Debian packages.

5.26 is the LTS line and the last one that runs on Java 17; 2025.x needs 21.
"""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import re
import shutil
import subprocess
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import StoreError

__all__ = ["NEO4J_VERSION", "default_home", "fetch", "java_executable"]

log = logging.getLogger(__name__)

#: The newest 5.26 patch on Maven Central when this was pinned. Bumping it
#: changes the default cache folder, so an old fetch is never mixed with a new one.
NEO4J_VERSION = "5.26.30"

# Maven 3.8's built-in default for this plugin is 2.8 (2013); pin a modern one
# so every machine runs the same resolution code.
_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Throwaway project: it exists only so Maven resolves Neo4j's runtime jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>iekg.local</groupId>
  <artifactId>neo4j-fetch</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>{version}</version>
    </dependency>
  </dependencies>
</project>
"""

_MARKER = ".fetched"


def default_home() -> Path:
    """Where the jars live: ``$IEKG_NEO4J_HOME`` or ``~/.cache/iekg/neo4j-<version>``.

    A cache, not state: deleting it only costs a new fetch.
    """
    override = os.environ.get("IEKG_NEO4J_HOME")
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "iekg" / f"neo4j-{NEO4J_VERSION}"


def fetch(home: Path) -> Path:
    """Make sure ``home/lib`` holds Neo4j Community's jars, fetching them once.

    Parameters
    ----------
    home : the cache folder, usually :func:`default_home`.

    Returns
    -------
    Path
        ``home``, ready to pass to ``java -cp 'home/lib/*'``.

    Raises
    ------
    StoreError
        When ``java`` (17 or newer) or ``mvn`` is missing, or Maven fails; the
        message carries the install command or Maven's last lines.

    Notes
    -----
    A marker file is written only after Maven succeeded, so an interrupted
    fetch is redone from scratch next time. A file lock keeps two processes
    (say, two test sessions) from filling the same folder at once.
    """
    home = Path(home)
    if _is_complete(home):
        return home
    java_executable()
    mvn = _require("mvn", "maven")
    home.mkdir(parents=True, exist_ok=True)
    with _locked(home / ".fetch.lock"):
        if _is_complete(home):  # another process finished while we waited
            return home
        lib = home / "lib"
        shutil.rmtree(lib, ignore_errors=True)
        build = home / ".fetch"
        build.mkdir(exist_ok=True)
        (build / "pom.xml").write_text(_POM.format(version=NEO4J_VERSION), encoding="utf-8")
        log.info(
            "fetching Neo4j Community %s with Maven into %s "
            "(about 125 MB, first time only; this can take several minutes)",
            NEO4J_VERSION,
            home,
        )
        _run_maven(
            [
                mvn,
                "-B",
                "-Dstyle.color=never",
                "-f",
                str(build / "pom.xml"),
                f"{_DEPENDENCY_PLUGIN}:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={lib}",
            ],
            cwd=build,
        )
        entry_jar = lib / f"neo4j-{NEO4J_VERSION}.jar"
        if not entry_jar.is_file():
            raise StoreError(f"Maven finished but {entry_jar} is missing; delete {home} and retry")
        (home / _MARKER).write_text(NEO4J_VERSION + "\n", encoding="utf-8")
        log.info(
            "Neo4j %s is ready in %s (%d jars)", NEO4J_VERSION, home, len(list(lib.glob("*.jar")))
        )
    return home


@functools.cache
def java_executable() -> str:
    """The ``java`` to run Neo4j with, checked to be version 17 or newer.

    ``$JAVA_HOME/bin/java`` wins over ``PATH`` so a machine with several JDKs
    can pick one the usual way. Cached: the check costs a JVM start.
    """
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home) / "bin" / "java" if java_home else None
    java = (
        str(candidate)
        if candidate and candidate.is_file()
        else _require("java", "openjdk-17-jre-headless")
    )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not match:
        raise StoreError(
            f"could not read the Java version from `{java} -version`: {result.stderr!r}"
        )
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0_392" style
        major = int(match.group(2))
    if major < 17:
        raise StoreError(
            f"{java} is Java {major}; Neo4j {NEO4J_VERSION} needs Java 17 or newer "
            "(on Debian/Ubuntu: apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
        )
    return java


def _is_complete(home: Path) -> bool:
    marker = home / _MARKER
    return (
        marker.is_file()
        and marker.read_text(encoding="utf-8").strip() == NEO4J_VERSION
        and (home / "lib" / f"neo4j-{NEO4J_VERSION}.jar").is_file()
    )


def _require(command: str, debian_package: str) -> str:
    found = shutil.which(command)
    if found is None:
        raise StoreError(
            f"`{command}` is not on PATH; the managed Neo4j server needs it "
            f"(on Debian/Ubuntu: apt-get install {debian_package})"
        )
    return found


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_maven(argv: list[str], cwd: Path) -> None:
    """Run Maven, turning its download lines into periodic progress logs.

    ``-q`` would hide the downloads and leave the user staring at a silent
    terminal for minutes, so the output is read line by line instead: every
    line goes to DEBUG, and a count of downloaded files goes to INFO.
    """
    tail: deque[str] = deque(maxlen=30)
    downloaded = 0
    with subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            tail.append(line)
            log.debug("mvn: %s", line)
            if "Downloaded from" in line:
                downloaded += 1
                if downloaded % 100 == 0:
                    log.info("  … %d files downloaded so far", downloaded)
        code = proc.wait()
    if code != 0:
        raise StoreError(
            f"Maven could not fetch Neo4j {NEO4J_VERSION} (exit code {code}); "
            "check that Maven Central is reachable. Maven's last lines:\n" + "\n".join(tail)
        )
    log.info("Maven done: %d files downloaded, the rest came from ~/.m2", downloaded)
