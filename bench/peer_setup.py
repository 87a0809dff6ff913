"""Fetch APOC Core for the peer comparison, once, into a cache folder.

The neo4j-graphrag writer merges relationships with
``apoc.merge.relationship``, so the benchmark server needs APOC Core in its
plugins folder. APOC Core is on Maven Central; its 5.26 line lags Neo4j's
patch numbers, so the newest 5.26 release is taken. The release on GitHub is
one shaded jar; on Maven Central it is apoc-core plus apoc-common, whose
result classes apoc-core needs but does not declare. Jars the server already
has (newer commons-lang3, commons-text, slf4j …) are left out.

Usage: ``python bench/peer_setup.py`` prints the folder holding the jars.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: F401  (puts the project root on sys.path)

from graph.neo4j_fetch import default_home, fetch

APOC_VERSION = "5.26.19"
CACHE = Path.home() / ".cache" / "iekg" / f"apoc-{APOC_VERSION}"
_POM = f"""<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>iekg.local</groupId><artifactId>apoc-fetch</artifactId><version>0</version>
<packaging>pom</packaging><dependencies>
<dependency><groupId>org.neo4j.procedure</groupId><artifactId>apoc-core</artifactId>
<version>{APOC_VERSION}</version></dependency>
<dependency><groupId>org.neo4j.procedure</groupId><artifactId>apoc-common</artifactId>
<version>{APOC_VERSION}</version></dependency>
</dependencies></project>
"""


def _artifact(jar: Path) -> str:
    """``commons-lang3-3.12.0.jar`` -> ``commons-lang3``."""
    parts = jar.stem.split("-")
    while parts and parts[-1][:1].isdigit():
        parts.pop()
    return "-".join(parts)


def apoc_plugins() -> list[Path]:
    """The plugin jars (APOC Core and the libraries the server lacks), fetched once."""
    marker = CACHE / ".fetched"
    if not marker.exists():
        build = CACHE / ".fetch"
        build.mkdir(parents=True, exist_ok=True)
        (build / "pom.xml").write_text(_POM, encoding="utf-8")
        jars = CACHE / "all"
        subprocess.run(
            [
                "mvn",
                "-B",
                "-q",
                "-Dstyle.color=never",
                "-f",
                str(build / "pom.xml"),
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                "-DincludeScope=runtime",
                f"-DoutputDirectory={jars}",
            ],
            check=True,
        )
        lib = fetch(default_home()) / "lib"
        have = {_artifact(j) for j in lib.glob("*.jar")}
        plugins = CACHE / "plugins"
        plugins.mkdir(exist_ok=True)
        for jar in jars.glob("*.jar"):
            if _artifact(jar) not in have:
                shutil.copy2(jar, plugins / jar.name)
        marker.write_text(APOC_VERSION + "\n", encoding="utf-8")
    return sorted((CACHE / "plugins").glob("*.jar"))


if __name__ == "__main__":
    for jar in apoc_plugins():
        print(jar)
