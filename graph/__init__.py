"""The model and the stores: schema, records, KnowledgeGraph, embedded and Neo4j stores.

``graph`` imports nothing from ``loaders``, ``queries``, ``viz`` or ``iekg``;
everything else depends on it.
"""

from graph.errors import IekgError, LoadError, QueryError, SchemaError, StoreError
from graph.knowledge_graph import KnowledgeGraph
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA

__all__ = [
    "SCHEMA",
    "EdgeRecord",
    "IekgError",
    "KnowledgeGraph",
    "LoadError",
    "NodeRecord",
    "NodeRef",
    "Provenance",
    "QueryError",
    "SchemaError",
    "StoreError",
]
