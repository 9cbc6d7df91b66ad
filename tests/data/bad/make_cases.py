"""Write the broken sources under tests/data/bad/ (and the mapping example under tests/data/mapping/).

Run from the repository root: ``.venv/bin/python tests/data/bad/make_cases.py``.

``_valid/`` is a small, complete and valid source (every table, a few rows each).
Every other folder is a copy of it with one defect, plus ``expected.txt`` (YAML)
naming every error the import must report, no more and no fewer: file, table,
column (and ``header``, the source's own name of it, where a mapping renamed it),
row (the CSV line number, header = line 1; the sheet row in a workbook) and value.
The import is run from inside the case folder, so ``source`` and ``mapping`` are
relative to it.
The output is deterministic; the files are committed so a reader can open them.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MAPPING_DIR = HERE.parent / "mapping"

FACTORS = (
    "principal_credit,size_ownership,sales_capability,operating_knowhow,capital_growth_3y,"
    "profit_record_3y,employee_complaints,supplier_opinion,bank_credit_record,"
    "peer_credit_opinion,industry_climate,management_quality"
)


def _rows(text: str) -> list[list[str]]:
    return [row for row in csv.reader(io.StringIO(text.strip() + "\n"))]


#: The valid base source: table -> rows, the header first (so rows[i] is CSV line i + 1).
BASE: dict[str, list[list[str]]] = {
    "customers": _rows("""
customer_id,name,industry,region,account_manager,parent_id,attractiveness,relationship_state,relationship_level,wallet_estimate,ownership,employees
C001,华东机电有限公司,machinery,East,Wang Li,,high,partnership,senior_team,1200000,private,250
C002,Northwind Trading Co.,distribution,North,Zhang Wei,,medium,cooperative,purchasing,450000,state,80
C003,"Acme Plastics, Ltd.",chemicals,South,Wang Li,C002,low,transactional,operational,90000,foreign,35
C004,深圳恒通电子,electronics,South,Chen Jing,,medium,strategic_alliance,decision_maker,600000,joint venture,120
"""),
    "financials": _rows("""
customer_id,period_end,current_assets,inventory,current_liabilities,total_assets,total_liabilities,revenue,net_profit,prepaid_expenses
C001,2024-12-31,800000,300000,600000,2000000,1100000,5200000,310000,20000
C001,2025-12-31,900000,320000,650000,2200000,1150000,5600000,360000,25000
C002,2025-12-31,400000,150000,420000,900000,520000,3900000,-40000,
C003,2025-12-31,150000,60000,100000,380000,170000,1100000,90000,5000
C004,2025-12-31,500000,210000,380000,1300000,640000,4100000,230000,12000
"""),
    "credit_factors": _rows(f"""
customer_id,assessed_on,{FACTORS}
C001,2026-03-31,5,4,4,5,4,4,5,4,5,4,3,4
C002,2026-04-15,3,3,4,3,2,2,4,3,3,3,3,3
C003,2026-05-20,4,2,3,4,3,4,,3,4,3,4,3
C004,2026-06-30,4,4,4,4,4,3,4,4,4,4,3,4
"""),
    "invoices": _rows("""
invoice_id,customer_id,invoice_date,due_date,amount,cost,discount,product
I001,C001,2026-07-05,2026-08-04,125000.00,98000.00,2500.00,Servo drives
I002,C001,2026-08-12,2026-09-11,86400.50,70100.00,,Control panels
I003,C002,2026-08-20,2026-10-19,45200.00,38100.00,0,Servo drives
I004,C003,2026-09-01,2026-10-01,12800.00,9900.00,,PLC modules
I005,C004,2026-09-15,2026-11-14,67300.00,51000.00,1000.00,传感器
I006,C002,2026-10-02,2026-11-01,-3200.00,-2500.00,,Servo drives (credit note)
"""),
    "payments": _rows("""
payment_id,customer_id,payment_date,amount,invoice_id
P001,C001,2026-08-02,125000.00,I001
P002,C002,2026-10-15,20000.00,I003
P003,C003,2026-10-20,12800.00,
P004,C001,2026-09-30,40000.00,I002
"""),
    "credit_limits": _rows("""
customer_id,credit_limit,approved_by,approved_on,collateral
C001,500000,Regional manager Liu,2026-01-15,
C002,150000,Direct-sales manager Zhao,2026-02-01,50000
C003,60000,Account manager Wang Li,2026-02-10,
C004,300000,Credit committee,2026-03-05,100000
"""),
    "activities": _rows("""
activity_id,customer_id,date,type,account_manager,hours
A001,C001,2026-09-03,visit,Wang Li,3.5
A002,C002,2026-09-10,call,Zhang Wei,0.5
A003,C004,2026-09-18,training,Chen Jing,6
A004,C001,2026-10-08,greeting,Wang Li,1
"""),
    "leads": _rows("""
lead_id,company,region,owner,money,authority,need,estimated_annual_value
L001,Sunrise Robotics,East,Wang Li,yes,no,yes,300000
L002,杭州绿源科技,East,Chen Jing,true,true,false,150000
L003,Delta Foods,North,Zhang Wei,0,1,1,80000
"""),
    "open_orders": _rows("""
customer_id,amount,order_id,order_date
C001,54000,O-9001,2026-10-20
C004,18000,O-9002,2026-10-25
"""),
}


def csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def set_cell(tables: dict, table: str, line: int, column: str, value: str) -> None:
    """Set the cell on CSV line ``line`` (header = 1) of ``column``."""
    rows = tables[table]
    rows[line - 1][rows[0].index(column)] = value


def write_source(folder: Path, tables: dict, encoding: dict | None = None) -> None:
    """One ``<name>.csv`` per entry: rows, raw bytes, or None for no file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        if rows is None:
            continue
        data = rows if isinstance(rows, bytes) else csv_text(rows).encode((encoding or {}).get(name, "utf-8"))
        (folder / f"{name}.csv").write_bytes(data)


def expect(description: str, *problems: dict, source: str = ".", mapping: str | None = None) -> dict:
    doc = {"description": description, "source": source}
    if mapping:
        doc["mapping"] = mapping
    doc["problems"] = list(problems)
    return doc


def problem(
    file: str, table: str | None, column: str | None, row: int | None, value, header: str | None = None
) -> dict:
    out = {"file": file, "table": table, "column": column, "row": row, "value": value}
    if header is not None:
        out["header"] = header
    return out


def write_expected(folder: Path, doc: dict) -> None:
    text = (
        "# Every error `kam import` must report for this source, no more and no fewer (YAML).\n"
        "# row: CSV line number (header = line 1), sheet row for a workbook, empty for a whole file.\n"
    )
    text += yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
    (folder / "expected.txt").write_text(text, encoding="utf-8")


def write_workbook(path: Path, tables: dict, text_cells: dict) -> None:
    """An .xlsx workbook, one sheet per table, typed cells (numbers, dates) like a real export.

    ``text_cells`` maps (table, sheet row, column) to a value written as text.
    """
    import openpyxl

    from kamtools.schema import TABLES

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        header = rows[0]
        kinds = [TABLES[name].column(h).kind if h in TABLES[name].names else "text" for h in header]
        ws.append(header)
        for r, row in enumerate(rows[1:], start=2):
            cells = []
            for h, kind, v in zip(header, kinds, row):
                if (name, r, h) in text_cells:
                    cells.append(text_cells[(name, r, h)])
                elif v == "":
                    cells.append(None)
                elif kind == "date":
                    cells.append(dt.datetime.strptime(v, "%Y-%m-%d"))
                elif kind in ("money", "number"):
                    cells.append(float(v))
                elif kind in ("int", "score"):
                    cells.append(int(v))
                else:
                    cells.append(v)
            ws.append(cells)
    fixed = dt.datetime(2026, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # Rewrite the zip with fixed timestamps so the file is byte-for-byte reproducible.
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            fixed_info = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed_info, data)


def cases() -> dict[str, tuple[dict, dict]]:
    """Case name -> (tables to write, expected.txt document). Tables may hold bytes or None."""
    out: dict[str, tuple[dict, dict]] = {}

    def case(name: str, doc: dict, change) -> None:
        tables = copy.deepcopy(BASE)
        change(tables)
        out[name] = (tables, doc)

    def drop_column(tables, table, column):
        i = tables[table][0].index(column)
        for row in tables[table]:
            del row[i]

    case(
        "missing_required_column",
        expect("invoices.csv has no due_date column.", problem("invoices.csv", "invoices", "due_date", None, None)),
        lambda t: drop_column(t, "invoices", "due_date"),
    )
    case(
        "number_wrong_type",
        expect("Text in a money column.", problem("invoices.csv", "invoices", "amount", 4, "abc")),
        lambda t: set_cell(t, "invoices", 4, "amount", "abc"),
    )
    case(
        "date_unparseable",
        expect(
            "A day-first date: not year-first, so ambiguous and rejected.",
            problem("payments.csv", "payments", "payment_date", 3, "15/10/2026"),
        ),
        lambda t: set_cell(t, "payments", 3, "payment_date", "15/10/2026"),
    )
    case(
        "date_impossible",
        expect(
            "A date that does not exist in the calendar.",
            problem("invoices.csv", "invoices", "due_date", 5, "2026-02-30"),
        ),
        lambda t: set_cell(t, "invoices", 5, "due_date", "2026-02-30"),
    )
    case(
        "negative_assets",
        expect("Negative total assets.", problem("financials.csv", "financials", "total_assets", 4, "-900000")),
        lambda t: set_cell(t, "financials", 4, "total_assets", "-900000"),
    )
    case(
        "duplicate_key",
        expect("A customer_id given twice.", problem("customers.csv", "customers", "customer_id", 6, "C002")),
        lambda t: t["customers"].append(
            ["C002", "Northwind Trading (copy)", "distribution", "North", "Zhang Wei", "", "", "", "", "", "", ""]
        ),
    )
    case(
        "duplicate_composite_key",
        expect(
            "Two financial statements for the same customer and period_end.",
            problem("financials.csv", "financials", "customer_id, period_end", 7, ["C001", "2025-12-31"]),
        ),
        lambda t: t["financials"].append(
            ["C001", "2025-12-31", "910000", "330000", "650000", "2210000", "1150000", "5600000", "360000", ""]
        ),
    )
    case(
        "unknown_customer_in_invoices",
        expect(
            "An invoice for a customer that is not in customers.csv.",
            problem("invoices.csv", "invoices", "customer_id", 3, "C999"),
        ),
        lambda t: set_cell(t, "invoices", 3, "customer_id", "C999"),
    )
    case(
        "unknown_customer_in_payments",
        expect(
            "A payment from a customer that is not in customers.csv.",
            problem("payments.csv", "payments", "customer_id", 4, "C998"),
        ),
        lambda t: set_cell(t, "payments", 4, "customer_id", "C998"),
    )
    case(
        "write_offs_bad_rows",
        expect(
            "A write-off of a customer not in customers.csv, and one of a negative amount.",
            problem("write_offs.csv", "write_offs", "customer_id", 3, "C998"),
            problem("write_offs.csv", "write_offs", "amount", 4, "-5000"),
        ),
        lambda t: t.update(
            write_offs=_rows("""
customer_id,written_off_on,amount,approved_by,handled_by,reason
C003,2026-06-30,12800,regional manager,,Customer bankrupt
C998,2026-06-30,4000,regional manager,Wang Li,Unknown customer
C002,2026-09-30,-5000,credit committee,,A credit written off as a debt
""")
        ),
    )
    case(
        "collection_targets_end_before_start",
        expect(
            "A collection target whose period ends before it starts.",
            problem("collection_targets.csv", "collection_targets", "period_end", 3, "2026-09-30"),
        ),
        lambda t: t.update(
            collection_targets=_rows("""
account_manager,period_start,period_end,target
Wang Li,2026-10-01,2026-10-31,150000
Zhang Wei,2026-10-01,2026-09-30,80000
""")
        ),
    )
    case(
        "contracts_bad_rows",
        expect(
            "Contracts: one of a customer not in customers.csv, one ending before it starts, one with a negative "
            "renewal notice, one with an impossible date and one whose id repeats another's (the first row is fine).",
            problem("contracts.csv", "contracts", "customer_id", 3, "C998"),
            problem("contracts.csv", "contracts", "end_date", 4, "2026-01-31"),
            problem("contracts.csv", "contracts", "renewal_notice_days", 5, "-30"),
            problem("contracts.csv", "contracts", "end_date", 6, "2027-02-30"),
            problem("contracts.csv", "contracts", "contract_id", 7, "HT-0001"),
        ),
        lambda t: t.update(
            contracts=_rows("""
contract_id,customer_id,start_date,end_date,renewal_notice_days,contract_value
HT-0001,C001,2026-01-01,2026-12-31,60,1500000
HT-0002,C998,2026-01-01,2026-12-31,60,200000
HT-0003,C002,2026-03-01,2026-01-31,30,450000
HT-0004,C003,2026-02-01,2027-01-31,-30,90000
HT-0005,C004,2026-03-01,2027-02-30,,600000
HT-0001,C004,2025-03-01,2026-02-28,,580000
""")
        ),
    )
    case(
        "products_bad_rows",
        expect(
            "Products and wallet estimates per family: an invoice naming a product the products table does not "
            "list, a product listed twice, a product without a family; a wallet estimate of a customer not in "
            "customers.csv, one of a family no product belongs to, a negative one, one with an impossible date and "
            "one given twice for the same customer and family (the first row of each file is fine).",
            problem("invoices.csv", "invoices", "product", 5, "PLC modules"),
            problem("products.csv", "products", "product", 6, "Servo drives"),
            problem("products.csv", "products", "family", 7, None),
            problem("wallet_estimates.csv", "wallet_estimates", "customer_id", 3, "C998"),
            problem("wallet_estimates.csv", "wallet_estimates", "family", 4, "Pumps"),
            problem("wallet_estimates.csv", "wallet_estimates", "wallet_estimate", 5, "-5000"),
            problem("wallet_estimates.csv", "wallet_estimates", "estimated_on", 6, "2026-02-30"),
            problem("wallet_estimates.csv", "wallet_estimates", "customer_id, family", 7, ["C001", "Drives"]),
        ),
        lambda t: t.update(
            products=_rows("""
product,family,family_zh,product_name,product_name_zh
Servo drives,Drives,驱动器,Servo drive,伺服驱动器
Control panels,Controls,控制柜,,
传感器,Sensors,传感器,,
Servo drives (credit note),Drives,驱动器,,
Servo drives,Drives,驱动器,,
Encoders,,,,
"""),
            wallet_estimates=_rows("""
customer_id,family,wallet_estimate,estimated_on
C001,Drives,900000,2026-06-30
C998,Drives,100000,2026-06-30
C002,Pumps,200000,2026-06-30
C003,Controls,-5000,2026-06-30
C004,Sensors,300000,2026-02-30
C001,Drives,800000,2026-07-31
"""),
        ),
    )
    case(
        "parent_id_cycle",
        expect(
            "Parent companies that run in a cycle: C001 under C003, C003 under C002, C002 under C001.",
            problem("customers.csv", "customers", "parent_id", 2, "C003"),
        ),
        lambda t: (set_cell(t, "customers", 2, "parent_id", "C003"), set_cell(t, "customers", 3, "parent_id", "C001")),
    )
    case(
        "group_limit_on_subsidiary",
        expect(
            "A group limit set on C003, a subsidiary of C002 (the group's top company, whose limit is fine).",
            problem("group_limits.csv", "group_limits", "group_id", 3, "C003"),
        ),
        lambda t: t.update(
            group_limits=_rows("""
group_id,group_limit,approved_by,approved_on
C002,180000,Regional manager Liu,2026-03-01
C003,50000,Regional manager Liu,2026-03-01
""")
        ),
    )
    case(
        "activity_customer_and_lead",
        expect(
            "Activities must name one customer or one lead: one names both, one neither, one an unknown lead "
            "(the first and the lead's own are fine).",
            problem("activities.csv", "activities", "customer_id, lead_id", 3, ["C002", "L001"]),
            problem("activities.csv", "activities", "customer_id, lead_id", 4, None),
            problem("activities.csv", "activities", "lead_id", 6, "L404"),
        ),
        lambda t: t.update(
            activities=_rows("""
activity_id,customer_id,lead_id,date,type,account_manager,hours
A001,C001,,2026-09-03,visit,Wang Li,3.5
A002,C002,L001,2026-09-10,call,Zhang Wei,0.5
A003,,,2026-09-18,training,Chen Jing,6
A004,,L002,2026-10-08,visit,Chen Jing,2
A005,,L404,2026-10-09,call,Chen Jing,0.5
""")
        ),
    )
    case(
        "bad_relationships",
        expect(
            "Relationship records with a level that is not a code (朋友: the code is cooperative), a type that is "
            "not a code (good), an unknown customer and the same customer and date twice (the first row is fine).",
            problem("relationships.csv", "relationships", "relationship_state", 3, "朋友"),
            problem("relationships.csv", "relationships", "relationship_quality", 4, "good"),
            problem("relationships.csv", "relationships", "customer_id", 5, "C404"),
            problem("relationships.csv", "relationships", "customer_id, date", 6, ["C001", "2025-06-01"]),
        ),
        lambda t: t.update(
            relationships=_rows("""
customer_id,date,relationship_state,relationship_quality,note,recorded_by
C001,2025-06-01,cooperative,loose,asked first for new orders,Wang Li
C002,2025-07-01,朋友,,,Zhang Wei
C004,2025-08-01,partnership,good,,Chen Jing
C404,2025-09-01,transactional,,,Wang Li
C001,2025-06-01,partnership,win_win,joint plan,Wang Li
""")
        ),
    )
    case(
        "unknown_invoice_in_payments",
        expect(
            "A payment for an invoice that is not in invoices.csv.",
            problem("payments.csv", "payments", "invoice_id", 3, "I404"),
        ),
        lambda t: set_cell(t, "payments", 3, "invoice_id", "I404"),
    )
    case(
        "bad_disputes",
        expect(
            "Disputes of an invoice that is not in invoices.csv, of a negative amount, closed before they were opened "
            "and of more than the invoice (the first row is fine).",
            problem("disputes.csv", "disputes", "invoice_id", 3, "I404"),
            problem("disputes.csv", "disputes", "amount", 4, "-500.00"),
            problem("disputes.csv", "disputes", "closed_on", 5, "2026-09-01"),
            problem("disputes.csv", "disputes", "amount", 6, "90000.00"),
        ),
        lambda t: t.update(
            disputes=_rows("""
invoice_id,amount,reason,opened_on,closed_on,owner
I002,20000.00,price differs from the contract,2026-09-20,,Wang Li
I404,1000.00,quantity short,2026-09-20,,Wang Li
I003,-500.00,价格与合同不符,2026-10-01,,Zhang Wei
I004,800.00,"quality complaint, goods returned",2026-10-05,2026-09-01,Wang Li
I002,90000.00,invoice billed twice,2026-09-25,2026-10-10,
""")
        ),
    )
    case(
        "bad_snapshots",
        expect(
            "Snapshots (brought by a source, e.g. exported from an earlier store) of a customer not in customers.csv, "
            "of a period that is no month, of an unknown tier, of a class score above 1, and the same customer and "
            "period twice (the first row is fine).",
            problem("snapshots.csv", "snapshots", "customer_id", 3, "C998"),
            problem("snapshots.csv", "snapshots", "period", 4, "2026-13"),
            problem("snapshots.csv", "snapshots", "tier", 5, "vip"),
            problem("snapshots.csv", "snapshots", "composite", 6, "1.7"),
            problem("snapshots.csv", "snapshots", "customer_id, period", 7, ["C001", "2026-09"]),
        ),
        lambda t: t.update(
            snapshots=_rows("""
customer_id,period,tier,composite,grade,credit_limit,stage,status,relationship_state,relationship_level,written_on
C001,2026-09,key,0.82,A,150000,growth,active,partnership,decision_maker,2026-10-01
C998,2026-09,ordinary,0.41,BB,50000,harvest,active,cooperative,purchasing,2026-10-01
C002,2026-13,ordinary,0.41,BB,50000,harvest,active,cooperative,purchasing,2026-10-01
C003,2026-09,vip,0.41,BB,50000,harvest,active,cooperative,purchasing,2026-10-01
C002,2026-09,ordinary,1.7,BB,50000,harvest,active,cooperative,purchasing,2026-10-01
C001,2026-09,key,0.82,A,150000,growth,active,partnership,decision_maker,2026-10-01
""")
        ),
    )
    case(
        "bad_corrects_invoice_id",
        expect(
            "Corrections: an invoice (not a credit note) naming an invoice to correct, and a credit note of C002 "
            "correcting an invoice of C001.",
            problem("invoices.csv", "invoices", "corrects_invoice_id", 3, "I001"),
            problem("invoices.csv", "invoices", "corrects_invoice_id", 7, "I001"),
        ),
        lambda t: t.update(
            invoices=[
                row + [{0: "corrects_invoice_id", 2: "I001", 6: "I001"}.get(i, "")]
                for i, row in enumerate(t["invoices"])
            ]
        ),
    )
    case(
        "due_before_invoice",
        expect(
            "An invoice due before it was issued.", problem("invoices.csv", "invoices", "due_date", 6, "2026-08-15")
        ),
        lambda t: set_cell(t, "invoices", 6, "due_date", "2026-08-15"),
    )
    case(
        "ambiguous_money_european",
        expect(
            "European style 45.200,00: is the comma a decimal separator?",
            problem("invoices.csv", "invoices", "amount", 4, "45.200,00"),
        ),
        lambda t: set_cell(t, "invoices", 4, "amount", "45.200,00"),
    )
    case(
        "ambiguous_money_decimal_comma",
        expect(
            "60,5: a decimal comma or a typo? Rejected as ambiguous.",
            problem("credit_limits.csv", "credit_limits", "credit_limit", 4, "60,5"),
        ),
        lambda t: set_cell(t, "credit_limits", 4, "credit_limit", "60,5"),
    )

    def zero_bytes(t):
        t["credit_limits"] = b""

    case(
        "empty_file_zero_bytes",
        expect(
            "credit_limits.csv is empty (0 bytes).", problem("credit_limits.csv", "credit_limits", None, None, None)
        ),
        zero_bytes,
    )
    case(
        "header_only",
        expect("activities.csv has a header but no rows.", problem("activities.csv", "activities", None, None, None)),
        lambda t: t.__setitem__("activities", t["activities"][:1]),
    )
    case(
        "missing_table",
        expect("There is no leads.csv.", problem("leads.csv", "leads", None, None, None)),
        lambda t: t.__setitem__("leads", None),
    )
    case(
        "bad_bool",
        expect("'maybe' is not a boolean.", problem("leads.csv", "leads", "authority", 3, "maybe")),
        lambda t: set_cell(t, "leads", 3, "authority", "maybe"),
    )
    case(
        "score_out_of_range",
        expect(
            "A credit factor scored 7 on a 1-5 scale.",
            problem("credit_factors.csv", "credit_factors", "bank_credit_record", 3, "7"),
        ),
        lambda t: set_cell(t, "credit_factors", 3, "bank_credit_record", "7"),
    )
    case(
        "inventory_above_current_assets",
        expect(
            "Inventory larger than current assets.", problem("financials.csv", "financials", "inventory", 5, "160000")
        ),
        lambda t: set_cell(t, "financials", 5, "inventory", "160000"),
    )
    case(
        "unknown_category",
        expect(
            "attractiveness must be high, medium or low.",
            problem("customers.csv", "customers", "attractiveness", 3, "very high"),
        ),
        lambda t: set_cell(t, "customers", 3, "attractiveness", "very high"),
    )
    case(
        "empty_required_cell",
        expect("An invoice without an invoice date.", problem("invoices.csv", "invoices", "invoice_date", 5, None)),
        lambda t: set_cell(t, "invoices", 5, "invoice_date", ""),
    )
    case(
        "ragged_line",
        expect(
            "A line with one field too many (an unquoted comma).",
            problem("activities.csv", "activities", None, 4, None),
        ),
        lambda t: t["activities"][3].append("extra"),
    )

    # A mapping with a typo in a model column name: the problem names the mapping's key.
    def german(t):
        t["invoices"][0][t["invoices"][0].index("amount")] = "Betrag"

    case(
        "mapping_unknown_column",
        expect(
            "The mapping sends Betrag to 'amout' (a typo); line 4 of map.yml. So invoices.csv has no "
            "amount column either.",
            problem("map.yml", "invoices", "amout", 4, "Betrag"),
            problem("invoices.csv", "invoices", "amount", None, None),
            mapping="map.yml",
        ),
        german,
    )
    case(
        "mapping_broken_yaml",
        expect(
            "The mapping file is not valid YAML: a flow mapping left open on line 3, found out on "
            "line 4. Without its renames the source is not checked further.",
            problem("map.yml", None, None, 4, None),
            mapping="map.yml",
        ),
        german,
    )

    def chinese(t):
        t["invoices"][0] = ["单据编号", "客户编号", "开票日期", "到期日", "金额", "销售成本", "折扣", "产品"]
        set_cell(t, "invoices", 4, "金额", "abc")
        t["发票"] = t.pop("invoices")

    case(
        "mapped_header_bad_value",
        expect(
            "发票.csv is mapped onto invoices, its column 金额 onto amount; row 4 holds text. "
            "The problem names the file and the table, the user's header and the column.",
            problem("发票.csv", "invoices", "amount", 4, "abc", header="金额"),
            mapping="map.yml",
        ),
        chinese,
    )

    def bom_only(t):
        t["leads"] = b"\xef\xbb\xbf"

    case(
        "bom_only",
        expect(
            "leads.csv holds nothing but the byte-order mark Excel writes: an empty file.",
            problem("leads.csv", "leads", None, None, None),
        ),
        bom_only,
    )

    def ragged(t):
        t["payments"][2] = t["payments"][2][:3]  # line 3: 3 fields
        t["payments"][3].append("by bank transfer, urgent")  # line 4: 6 fields
        set_cell(t, "payments", 5, "payment_date", "2026-13-40")  # line 5: a good line, a bad date

    case(
        "ragged_lines",
        expect(
            "Two lines of payments.csv have the wrong number of fields: each is reported, and the "
            "other lines are still checked.",
            problem("payments.csv", "payments", None, 3, None),
            problem("payments.csv", "payments", None, 4, None),
            problem("payments.csv", "payments", "payment_date", 5, "2026-13-40"),
        ),
        ragged,
    )
    case(
        "ambiguous_money_dot",
        expect(
            "45.200: forty-five thousand two hundred with a European thousands dot, or 45.20?",
            problem("invoices.csv", "invoices", "amount", 4, "45.200"),
        ),
        lambda t: set_cell(t, "invoices", 4, "amount", "45.200"),
    )
    case(
        "money_too_large",
        expect(
            "A credit limit with 20 digits: more than the store's DECIMAL(18,2) holds.",
            problem("credit_limits.csv", "credit_limits", "credit_limit", 3, "12345678901234567890"),
        ),
        lambda t: set_cell(t, "credit_limits", 3, "credit_limit", "12345678901234567890"),
    )
    case(
        "whole_number_too_large",
        expect(
            "A number of employees larger than a 64-bit integer.",
            problem("customers.csv", "customers", "employees", 4, "99999999999999999999"),
        ),
        lambda t: set_cell(t, "customers", 4, "employees", "99999999999999999999"),
    )
    case(
        "quick_assets_negative",
        expect(
            "Inventory plus prepaid expenses above current assets: quick assets would be negative.",
            problem("financials.csv", "financials", "inventory", 3, "320000"),
        ),
        lambda t: set_cell(t, "financials", 3, "prepaid_expenses", "600000"),
    )
    case(
        "current_liabilities_above_total",
        expect(
            "Current liabilities larger than total liabilities.",
            problem("financials.csv", "financials", "current_liabilities", 5, "200000"),
        ),
        lambda t: set_cell(t, "financials", 5, "current_liabilities", "200000"),
    )
    return out


MAPPINGS = {
    "mapping_unknown_column": "# Column names of a German export.\ncolumns:\n  invoices:\n    Betrag: amout\n",
    "mapping_broken_yaml": "# Column names of a German export.\ncolumns:\n  invoices: {Betrag: amount\n"
    "  customers: {Kunde: customer_id}\n",
    "mapped_header_bad_value": (
        "tables:\n  发票: invoices\n"
        "columns:\n  invoices: {单据编号: invoice_id, 开票日期: invoice_date, 金额: amount, 销售成本: cost}\n"
    ),
}


def gb18030_case() -> tuple[dict, dict]:
    tables = copy.deepcopy(BASE)
    set_cell(tables, "customers", 5, "employees", "一百二十")
    doc = expect(
        "customers.csv exported by a Chinese ERP in GB18030, with employees written in words on line 5.",
        problem("customers.csv", "customers", "employees", 5, "一百二十"),
    )
    return tables, doc


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir():
            shutil.rmtree(old)
    write_source(HERE / "_valid", BASE)
    (HERE / "_valid" / "README.txt").write_text(
        "A small, complete, valid source. Every other folder here is a copy with one defect.\n", encoding="utf-8"
    )
    for name, (tables, doc) in cases().items():
        folder = HERE / name
        write_source(folder, tables)
        if name in MAPPINGS:
            (folder / "map.yml").write_text(MAPPINGS[name], encoding="utf-8")
        write_expected(folder, doc)

    tables, doc = gb18030_case()
    write_source(HERE / "gb18030_bad_value", tables, encoding={"customers": "gb18030"})
    write_expected(HERE / "gb18030_bad_value", doc)

    # Workbook: typed cells as Excel holds them, one text cell that is not a date.
    folder = HERE / "xlsx_bad_cell"
    folder.mkdir()
    write_workbook(folder / "book.xlsx", BASE, {("invoices", 4, "invoice_date"): "2026-13-01"})
    write_expected(
        folder,
        expect(
            "A workbook whose invoices sheet has the text 2026-13-01 in row 4.",
            problem("book.xlsx, sheet invoices", "invoices", "invoice_date", 4, "2026-13-01"),
            source="book.xlsx",
        ),
    )

    # Workbooks that cannot be used as a whole: a sheet missing, a file cut short.
    folder = HERE / "xlsx_missing_sheet"
    folder.mkdir()
    write_workbook(folder / "book.xlsx", {k: v for k, v in BASE.items() if k != "leads"}, {})
    write_expected(
        folder,
        expect(
            "A workbook without a leads sheet.",
            problem("book.xlsx, sheet leads", "leads", None, None, None),
            source="book.xlsx",
        ),
    )
    folder = HERE / "xlsx_corrupt"
    folder.mkdir()
    write_workbook(folder / "whole.xlsx", BASE, {})
    whole = (folder / "whole.xlsx").read_bytes()
    (folder / "whole.xlsx").unlink()
    (folder / "book.xlsx").write_bytes(whole[: len(whole) * 2 // 3])  # a download cut short
    write_expected(
        folder,
        expect(
            "A workbook cut short: it cannot be read at all, and that is the one problem (not one per missing table).",
            problem("book.xlsx", None, None, None, None),
            source="book.xlsx",
        ),
    )
    # A source that does not exist, and a single CSV file instead of a folder.
    folder = HERE / "source_missing"
    folder.mkdir()
    write_expected(
        folder,
        expect("The source names nothing that exists.", problem("nowhere", None, None, None, None), source="nowhere"),
    )
    folder = HERE / "source_single_file"
    write_source(folder, {"invoices": BASE["invoices"]})
    write_expected(
        folder,
        expect(
            "One CSV file given instead of the folder holding it: the source cannot "
            "be read (not eight missing tables).",
            problem("invoices.csv", None, None, None, None),
            source="invoices.csv",
        ),
    )

    write_mapping_example()


def write_mapping_example() -> None:
    """tests/data/mapping/: an ERP export with Chinese file names and headers, and its mapping."""
    src = MAPPING_DIR / "erp_export"
    if src.exists():
        shutil.rmtree(src)
    tables = copy.deepcopy(BASE)
    customers = tables.pop("customers")
    customers[0] = ["客户编号", "客户名称", "所属行业", "销售区域", "客户经理", "员工人数"]
    customers[1:] = [[r[0], r[1], r[2], r[3], r[4], r[11]] for r in customers[1:]]
    invoices = tables.pop("invoices")
    invoices[0] = ["单据编号", "客户编号", "开票日期", "应收到期日", "金额", "销售成本", "产品"]
    invoices[1:] = [[r[0], r[1], r[2], r[3], f"¥{float(r[4]):,.2f}", r[5], r[7]] for r in invoices[1:]]
    write_source(src, tables)
    (src / "客户.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(customers).encode("utf-8"))  # Excel "CSV UTF-8"
    (src / "发票.csv").write_bytes(csv_text(invoices).encode("gb18030"))  # a Chinese ERP export
    (MAPPING_DIR / "erp_map.yml").write_text(
        "# Mapping of a Chinese ERP export (tests/data/mapping/erp_export) onto the data model.\n"
        "tables:            # source file -> model table\n"
        "  客户: customers\n"
        "  发票: invoices\n"
        "columns:\n"
        "  customers: {客户编号: customer_id, 客户名称: name, 所属行业: industry, 销售区域: region,\n"
        "              客户经理: account_manager, 员工人数: employees}\n"
        "  invoices: {单据编号: invoice_id, 客户编号: customer_id, 开票日期: invoice_date,\n"
        "             应收到期日: due_date, 金额: amount, 销售成本: cost, 产品: product}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
