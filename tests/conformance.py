"""Validators built from the published schemas in tests/conformance/ (copied unchanged; origins in its README).

- W3C Web Annotation: the Working Group's test suite (JSON Schema draft-04 assertions). Every JSON
  file of the suite is registered under one flat base URI by file name and by its ``id`` (their
  ``$ref``s name files by bare name, and one ``id`` differs in case from its file name). A document
  passes a ``*Musts.test`` list when every assertion gives its ``expectedResult``.
- CSL-JSON: the CSL input schema (draft-07).
- Akoma Ntoso 3.0: the OASIS XML Schema, through lxml.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

CONFORMANCE = Path(__file__).parent / "conformance"  # part of the repository: a clone tests alone
W3C = CONFORMANCE / "w3c-web-annotation-tests"
CSL_SCHEMA = CONFORMANCE / "csl-schema" / "schemas" / "input" / "csl-data.json"
AKN_SCHEMA = CONFORMANCE / "akoma-ntoso-3.0" / "schema" / "akomantoso30.xsd"
BASE = "https://w3c-web-annotation-tests.invalid/"  # a flat namespace for the suite's bare-name references

ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"


@cache
def _w3c() -> tuple[Registry, dict[str, dict[str, Any]]]:
    resources: list[tuple[str, Resource]] = []
    schemas: dict[str, dict[str, Any]] = {}
    for file in sorted(W3C.rglob("*.json")):
        if "samples" in file.parts:
            continue
        data = json.loads(file.read_text(encoding="utf-8"))
        resource = DRAFT4.create_resource(data)
        resources.append((BASE + file.name, resource))
        if isinstance(data.get("id"), str) and data["id"] != file.name:
            resources.append((BASE + data["id"], resource))
        schemas[file.relative_to(W3C).as_posix()] = data
    return Registry().with_resources(resources), schemas


@cache
def _assertions(test_list: str) -> list[tuple[str, jsonschema.Draft4Validator, str]]:
    registry, schemas = _w3c()
    listed = json.loads((W3C / test_list).read_text(encoding="utf-8"))["assertions"]
    out = []
    for rel in listed:
        schema = schemas[rel]
        validator = jsonschema.Draft4Validator({"$ref": BASE + Path(rel).name}, registry=registry)
        out.append((rel, validator, schema.get("expectedResult", "valid")))
    return out


def w3c_failures(document: Any, test_list: str = ANNOTATION_MUSTS) -> list[str]:
    """The MUST assertions of ``test_list`` that ``document`` does not meet (empty: it conforms)."""
    failed = []
    for rel, validator, expected in _assertions(test_list):
        valid = validator.is_valid(document)
        if valid != (expected == "valid"):
            failed.append(rel)
    return failed


@cache
def _csl() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(CSL_SCHEMA.read_text(encoding="utf-8")))


def csl_errors(items: Any) -> list[str]:
    """Where a CSL-JSON document breaks the CSL input schema."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in _csl().iter_errors(items)]


@cache
def _akn():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(AKN_SCHEMA)))


def akn_errors(xml: bytes) -> list[str]:
    """Where an XML document breaks the Akoma Ntoso 3.0 schema."""
    from lxml import etree

    schema = _akn()
    if schema.validate(etree.fromstring(xml)):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]
