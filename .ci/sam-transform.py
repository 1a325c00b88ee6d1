#!/usr/bin/env python3
"""Transforms a SAM template with aws-sam-translator, as CloudFormation's SAM transform would.

Fails (exit 1) with SAM's own message when the template does not transform. No AWS call: the
managed-policy lookup (only for policies named by name) answers from an empty table.
"""
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The translator asks for AWS managed policy ARNs by name; this template names none."""

    def load(self):
        return {}


def main(path):
    # The translator fills AWS::Region-dependent ARNs; any region will do for a structural check.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # CloudFormation transforms the packaged template, where sam package has replaced local code
    # paths with S3 locations: stand in for that upload.
    for name, resource in template.get("Resources", {}).items():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and not str(props.get("CodeUri", "s3://")).startswith("s3://"):
            props["CodeUri"] = f"s3://packaged-by-sam/{name}.zip"
    try:
        output = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print(f"{path}: {cause.message}", file=sys.stderr)
        return 1
    print(f"{path}: SAM transform OK, {len(output['Resources'])} CloudFormation resources")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "template.yaml"))
