"""``carewatch import-postcodes FILE``: the ONS Postcode Directory's points for the finder."""

import pytest
from django.core.management import CommandError, call_command

from carewatch.core.models import AuditEntry
from carewatch.register.models import PostcodePoint

# The ONSPD layout, cut down: the real file has about 50 columns in this order, the NSPL fewer.
HEADER = "pcd,pcd2,pcds,dointr,doterm,oscty,ctry,lat,long\n"
ROWS = [
    "OL1 6AB,OL1  6AB,OL1 6AB,199801,,E99999999,E92000001,53.545100,-2.108900",
    "OL2 6AA,OL2  6AA,OL2 6AA,199801,,E99999999,E92000001,53.566000,-2.123000",
    "OL9 9ZZ,OL9  9ZZ,OL9 9ZZ,199801,200512,E99999999,E92000001,53.530000,-2.130000",  # terminated
    "OL1 9XX,OL1  9XX,OL1 9XX,202401,,E99999999,E92000001,99.999999,0.000000",  # no grid reference
    "EH1 1YZ,EH1  1YZ,EH1 1YZ,199801,,S99999999,S92000003,55.953000,-3.188000",
]


def write(tmp_path, rows, header=HEADER, name="ONSPD_NOV_2026_UK.csv"):
    path = tmp_path / name
    path.write_text(header + "\n".join(rows) + "\n")
    return path


def test_live_postcodes_with_a_grid_reference_are_imported_and_the_rest_left_out(db, tmp_path, capsys):
    call_command("import_postcodes", str(write(tmp_path, ROWS)))
    points = {p.postcode: (p.latitude, p.longitude, p.country_code) for p in PostcodePoint.objects.all()}
    assert points == {
        "OL1 6AB": (53.5451, -2.1089, "E92000001"),
        "OL2 6AA": (53.566, -2.123, "E92000001"),
        "EH1 1YZ": (55.953, -3.188, "S92000003"),
    }
    out = capsys.readouterr().out
    assert "3 postcodes imported from 5 rows; 1 terminated and 1 without a grid reference left out" in out


def test_importing_the_same_file_again_changes_nothing_and_a_newer_file_removes_terminated_postcodes(
    db, tmp_path
):
    path = write(tmp_path, ROWS)
    call_command("import_postcodes", str(path))
    call_command("import_postcodes", str(path))
    assert PostcodePoint.objects.count() == 3
    newer = [ROWS[0].replace(",,E99999999", ",202611,E99999999"), ROWS[1].replace("53.566000", "53.566500")]
    call_command("import_postcodes", str(write(tmp_path, newer, name="ONSPD_FEB_2027_UK.csv")))
    assert not PostcodePoint.objects.filter(postcode="OL1 6AB").exists()
    assert PostcodePoint.objects.get(postcode="OL2 6AA").latitude == 53.5665


def test_each_import_is_audited(db, tmp_path):
    call_command("import_postcodes", str(write(tmp_path, ROWS)))
    entry = AuditEntry.objects.get(action="register.postcodes_imported")
    assert entry.object_id == "ONSPD_NOV_2026_UK.csv"
    assert entry.after["imported"] == 3


def test_the_nspl_layout_with_only_pcd_is_read_too(db, tmp_path):
    path = write(tmp_path, ["OL16AB ,53.5,-2.1,E92000001"], header="PCD,LAT,LONG,CTRY\n")
    call_command("import_postcodes", str(path))
    assert PostcodePoint.objects.get().postcode == "OL1 6AB"


def test_a_bad_row_names_the_file_and_line_and_nothing_is_imported(db, tmp_path):
    rows = [
        ROWS[0],
        "NOT A POSTCODE,x,NOT A POSTCODE,1,,x,E92000001,53.5,-2.1",
        ROWS[1].replace("53.566000", "north"),
    ]
    path = write(tmp_path, rows)
    with pytest.raises(CommandError) as raised:
        call_command("import_postcodes", str(path))
    message = str(raised.value)
    assert f"{path} line 3: 'NOT A POSTCODE' is not a full postcode" in message
    assert f"{path} line 4: lat and long must be numbers of degrees" in message
    assert PostcodePoint.objects.count() == 0
    assert not AuditEntry.objects.filter(action="register.postcodes_imported").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("name,town\nOak,Royton\n", "no pcds (or pcd), lat and long columns"),
        (HEADER, "the file has a header but no postcodes"),
    ],
)
def test_a_file_that_is_not_the_directory_says_why(db, tmp_path, content, expected):
    path = tmp_path / "postcodes.csv"
    path.write_text(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_postcodes", str(path))
    assert str(raised.value).startswith(f"{path}") and expected in str(raised.value)


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="nowhere.csv: cannot be read"):
        call_command("import_postcodes", str(tmp_path / "nowhere.csv"))
