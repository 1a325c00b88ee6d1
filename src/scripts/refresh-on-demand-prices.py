#!/usr/bin/env python3
"""Regenerates src/main/resources/dev/spotreplacer/replace/on-demand-prices.csv from the AWS Price List.

Asks pricing:GetProducts (through the AWS CLI, so the usual credentials and profiles apply) for the
on-demand hourly price of each instance type in each region and spot product, with shared tenancy,
no pre-installed software and capacity status Used: the price the on-demand fallback would pay and
MAX_PRICE_FRACTION is a fraction of.

  src/scripts/refresh-on-demand-prices.py --regions us-east-1,eu-west-1 --types m5.large,c6i.large

With no --types, the types already in the table are refreshed. Rows of other regions are kept.
"""
import argparse
import csv
import json
import pathlib
import subprocess
import sys

TABLE = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/dev/spotreplacer/replace/on-demand-prices.csv"
# Spot product description -> the Price List's operatingSystem and licenseModel.
PRODUCTS = {
    "Linux/UNIX": ("Linux", "No License required"),
    "SUSE Linux": ("SUSE", "No License required"),
    "Red Hat Enterprise Linux": ("RHEL", "No License required"),
    "Windows": ("Windows", "No License required"),
}


def on_demand_price(region, product, instance_type):
    """The USD hourly on-demand price, or None when the Price List has no such offer."""
    operating_system, license_model = PRODUCTS[product]
    filters = {"regionCode": region, "instanceType": instance_type, "operatingSystem": operating_system,
               "licenseModel": license_model, "tenancy": "Shared", "preInstalledSw": "NA",
               "capacitystatus": "Used"}
    command = ["aws", "pricing", "get-products", "--region", "us-east-1", "--service-code", "AmazonEC2",
               "--output", "json", "--filters"]
    command += [f"Type=TERM_MATCH,Field={field},Value={value}" for field, value in filters.items()]
    answer = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    for item in answer.get("PriceList", []):
        offer = json.loads(item) if isinstance(item, str) else item
        for term in offer.get("terms", {}).get("OnDemand", {}).values():
            for dimension in term.get("priceDimensions", {}).values():
                if dimension.get("unit") == "Hrs":
                    return dimension["pricePerUnit"]["USD"].rstrip("0").rstrip(".")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regions", required=True, help="comma-separated region codes")
    parser.add_argument("--types", default="", help="comma-separated instance types (default: those in the table)")
    parser.add_argument("--products", default="Linux/UNIX", help="comma-separated spot products")
    args = parser.parse_args()
    header = [line for line in TABLE.read_text().splitlines() if line.startswith("#")]
    rows = {}
    for row in csv.reader(line for line in TABLE.read_text().splitlines() if line and not line.startswith("#")):
        if row[0] != "region":
            rows[tuple(row[:3])] = row[3]
    types = [t for t in args.types.split(",") if t] or sorted({key[2] for key in rows})
    for region in [r for r in args.regions.split(",") if r]:
        for product in [p for p in args.products.split(",") if p]:
            for instance_type in types:
                price = on_demand_price(region, product, instance_type)
                key = (region, product, instance_type)
                if price is None:
                    print(f"no on-demand offer for {instance_type} ({product}) in {region}: left out", file=sys.stderr)
                    rows.pop(key, None)
                else:
                    rows[key] = price
    with TABLE.open("w", newline="") as out:
        out.write("\n".join(header) + "\n" + "region,product,instanceType,price\n")
        writer = csv.writer(out, lineterminator="\n")
        for key in sorted(rows):
            writer.writerow([*key, rows[key]])


if __name__ == "__main__":
    main()
