use super::builder::{Builder, Row};
use super::csv_file::MAX_ROW_BYTES;
use super::toml_file::MAX_TOML_BYTES;
use super::*;

fn council(name: &str) -> CouncilId {
    CouncilId::parse(name).expect("test data")
}

/// Starts file `path`, of the council its name says.
fn file(b: &mut Builder, path: &str) {
    let path = Path::new(path);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    b.file(path, council(stem)).expect("test data");
}

fn add(b: &mut Builder, line: u64, id: &str, postcode: &str, house: &str, zone: &str) {
    let first = format!("{house} High Street");
    let row = Row {
        id,
        postcode,
        house,
        council_tax_account: "900000001",
        zone,
        address: &[&first, "Town"],
    };
    b.add(line, &row).expect("test data");
}

fn built() -> Gazetteer {
    let mut b = Builder::default();
    file(&mut b, "hampshire.csv");
    add(&mut b, 2, "h-2", "SO23 0AA", "2", "B1");
    file(&mut b, "leicester.csv");
    add(&mut b, 2, "l-1", "le1 6zg", "1a", "A");
    file(&mut b, "hampshire.toml");
    add(&mut b, 5, "h-1", "SO23 0AA", "1", "B2");
    add(&mut b, 12, "h-10", "SO23 0AA", "10", "B1");
    b.finish().expect("test data")
}

#[test]
fn a_property_reads_back_as_loaded() {
    let g = built();
    let p = g.get("h-1").expect("test data");
    assert_eq!(p.council.as_str(), "hampshire");
    assert_eq!(p.postcode.as_str(), "SO23 0AA");
    assert_eq!((p.house.as_str(), p.zone.as_str()), ("1", "B2"));
    assert_eq!(p.address, ["1 High Street", "Town"]);
    let account = CouncilTaxAccount::parse("900000001").expect("test data");
    assert!(Gazetteer::account_matches(&p, &account));
    assert_eq!(
        g.get("l-1").expect("test data").postcode.as_str(),
        "LE1 6ZG"
    );
    assert!(g.get("h-3").is_none() && g.get("").is_none() && g.get("z").is_none());
    assert_eq!(g.zone_of("h-10"), Some("B1"));
}

#[test]
fn search_keeps_the_files_order_within_a_postcode() {
    let g = built();
    let postcode = Postcode::parse("SO23 0AA").expect("test data");
    let ids = |house| -> Vec<String> {
        g.search(&postcode, house)
            .into_iter()
            .map(|p| p.id)
            .collect()
    };
    assert_eq!(ids(""), ["h-2", "h-1", "h-10"]);
    assert_eq!(ids("1"), ["h-1", "h-10"]);
    assert!(
        g.search(&Postcode::parse("SO23 0AB").expect("test data"), "")
            .is_empty()
    );
}

#[test]
fn zones_and_councils_are_kept_apart() {
    let g = built();
    let hampshire = council("hampshire");
    assert!(g.has_zone(&hampshire, "B2") && !g.has_zone(&hampshire, "A"));
    assert_eq!(g.in_council(&hampshire).count(), 3);
    let zones: Vec<_> = g.zones().collect();
    assert_eq!(zones[1], ("l-1", "leicester", "A"));
}

#[test]
fn an_id_listed_twice_stops_start_up_naming_both_places() {
    let mut b = Builder::default();
    file(&mut b, "a/hampshire.toml");
    add(&mut b, 5, "h-1", "SO23 0AA", "1", "B1");
    file(&mut b, "a/hampshire.csv");
    add(&mut b, 2, "h-2", "SO23 0AA", "2", "B1");
    add(&mut b, 3, "h-1", "SO23 0AA", "1", "B9");
    let error = b.finish().expect_err("a repeated id");
    assert_eq!(
        error,
        "property id h-1 is listed twice: a/hampshire.toml line 5 and a/hampshire.csv line 3"
    );
}

/// Loads a folder holding `files` (name, contents).
fn load(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Result<Gazetteer, String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    let loaded = Gazetteer::load(dir.path());
    (dir, loaded)
}

const HEADER: &str = "id,postcode,house,council_tax_account,zone,address_1,address_2,address_3\n";

/// `hampshire.csv` of the header and `rows`: the error, without the folder's path.
fn csv_error(rows: &str) -> String {
    let text = format!("{HEADER}h-1,SO23 8UJ,12,41000012,W1,12 Canon Street,Winchester,\n{rows}");
    let (dir, loaded) = load(&[("hampshire.csv", text.as_bytes())]);
    let error = loaded.expect_err("a bad file");
    error.replace(&format!("{}/", dir.path().display()), "")
}

#[test]
fn a_csv_file_is_read_row_by_row() {
    // With a byte-order mark and CRLF line ends, as spreadsheets save it; an empty address
    // cell is left out, and a quoted cell may hold a comma.
    let text = "\u{feff}id,postcode,house,council_tax_account,zone,address_1,address_2,address_3\r\n\
                h-1,so23 8uj,12,41000012,W1,12 Canon Street,,Winchester\r\n\
                h-2,SO23 9AB,Flat 2,41000203,W2,\"Flat 2, Rose Court\",3 Kingsgate Road,Winchester\r\n";
    let (_dir, loaded) = load(&[("hampshire.csv", text.as_bytes())]);
    let g = loaded.expect("a good file");
    let p = g.get("h-1").expect("loaded");
    assert_eq!(p.council.as_str(), "hampshire");
    assert_eq!((p.postcode.as_str(), p.house.as_str()), ("SO23 8UJ", "12"));
    assert_eq!(p.address, ["12 Canon Street", "Winchester"]);
    assert_eq!(p.masked_account(), "*****012");
    let p = g.get("h-2").expect("loaded");
    assert_eq!(
        p.address,
        ["Flat 2, Rose Court", "3 Kingsgate Road", "Winchester"]
    );
    assert_eq!(g.zone_of("h-2"), Some("W2"));
}

#[test]
fn each_bad_csv_row_stops_start_up_with_its_line() {
    let cases = [
        (
            "h-2,SO23 8UJ,14,41000014,W1\n",
            "hampshire.csv: line 3: 5 fields, where the header has 8",
        ),
        (
            "h-2,NOT A POSTCODE,14,41000014,W1,14 Canon Street,,\n",
            "hampshire.csv: line 3: postcode: 'NOT A POSTCODE' is not a UK postcode, for example LE1 6ZG.",
        ),
        (
            "h-2,SO23 8UJ,14,12,W1,14 Canon Street,,\n",
            "hampshire.csv: line 3: council_tax_account: The council tax account number is the 8 to 10 digits on your council tax bill.",
        ),
        (
            ",SO23 8UJ,14,41000014,W1,14 Canon Street,,\n",
            "hampshire.csv: line 3: id is empty",
        ),
        (
            "h-2,SO23 8UJ,14,41000014, ,14 Canon Street,,\n",
            "hampshire.csv: line 3: zone is empty",
        ),
        (
            "h-2,SO23 8UJ,14,41000014,W1,,,\n",
            "hampshire.csv: line 3: a property has 1 to 6 address lines, not 0",
        ),
        (
            "h-2,SO23 8UJ,14,41000014,W1,\"14 Canon\nStreet\",,\n",
            "hampshire.csv: line 3: an address line holds a control character",
        ),
        (
            &format!("h-2,SO23 8UJ,14,41000014,W1,{},,\n", "x".repeat(201)),
            "hampshire.csv: line 3: an address line is longer than 200 bytes",
        ),
        (
            "h-1,SO23 8UJ,14,41000014,W1,14 Canon Street,,\n",
            "property id h-1 is listed twice: hampshire.csv line 2 and hampshire.csv line 3",
        ),
    ];
    for (rows, expected) in cases {
        let error = csv_error(rows);
        assert_eq!(error, expected, "rows: {rows:?}");
    }
}

#[test]
fn a_csv_file_needs_its_header_exactly() {
    let row = "h-1,SO23 8UJ,12,41000012,W1,12 Canon Street\n";
    let cases = [
        (
            "id,postcode,house,council_tax_account,zone\n",
            "line 1: no column `address_1`",
        ),
        (
            "id,postcode,House,council_tax_account,zone,address_1\n",
            "line 1: column 3 is `House`, not `house`",
        ),
        (
            "id,postcode,house,council_tax_account,zone,address_2\n",
            "line 1: column 6 is `address_2`, not `address_1`",
        ),
        (
            "id,postcode,house,council_tax_account,zone,address_1,address_2,address_3,address_4,address_5,address_6,address_7\n",
            "line 1: unknown column `address_7`",
        ),
        ("", "line 1: no column `id`"),
    ];
    for (header, expected) in cases {
        // An empty file has no header.
        let text = if header.is_empty() {
            String::new()
        } else {
            format!("{header}{row}")
        };
        let (_dir, loaded) = load(&[("hampshire.csv", text.as_bytes())]);
        let error = loaded.expect_err("a bad header");
        assert!(
            error.contains(&format!("hampshire.csv: {expected}; the header is `id,postcode,house,council_tax_account,zone,address_1` and up to `address_6`")),
            "{error}"
        );
    }
}

#[test]
fn a_csv_file_is_named_for_its_council_and_is_text() {
    let text = format!("{HEADER}h-1,SO23 8UJ,12,41000012,W1,12 Canon Street,,\n");
    let (_dir, loaded) = load(&[("Hampshire Council.csv", text.as_bytes())]);
    let error = loaded.expect_err("a bad name");
    assert!(
        error.contains("Hampshire Council.csv: the file's name: 'Hampshire Council' is not"),
        "{error}"
    );
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"h-1,SO23 8UJ,12,41000012,W1,12 Canon \xffStreet,,\n");
    let (_dir, loaded) = load(&[("hampshire.csv", &bytes)]);
    let error = loaded.expect_err("not UTF-8");
    assert!(
        error.ends_with("hampshire.csv: line 2: not UTF-8 text (field 6)"),
        "{error}"
    );
}

#[test]
fn a_row_over_the_limit_is_not_read_whole() {
    // Just over the limit: refused by its length once read.
    let long = format!(
        "h-2,SO23 8UJ,14,41000014,W1,{},,\n",
        "x".repeat(MAX_ROW_BYTES as usize)
    );
    assert_eq!(
        csv_error(&long),
        "hampshire.csv: line 3: a row longer than 4096 bytes"
    );
    // A stray quote: the rest of a large file is one field. The reader stops a row's limit
    // (and its buffer) past the last row, not at the end of the file.
    let runaway = format!(
        "h-2,SO23 8UJ,14,41000014,W1,\"14 Canon Street,,\n{}",
        "h-3,SO23 8UJ,16,41000016,W1,16 Canon Street,,\n".repeat(100_000)
    );
    assert_eq!(
        csv_error(&runaway),
        "hampshire.csv: line 3: a row longer than 4096 bytes"
    );
    let text = format!("{HEADER}{runaway}");
    let mut reader = std::io::Cursor::new(text.as_bytes());
    let mut b = Builder::default();
    file(&mut b, "hampshire.csv");
    let path = Path::new("hampshire.csv");
    let error = super::csv_file::read_rows(path, &mut reader, &mut b).expect_err("too long");
    assert_eq!(error, "hampshire.csv: line 2: a row longer than 4096 bytes");
    assert!(
        reader.position() < 100_000,
        "read {} bytes of {}",
        reader.position(),
        text.len()
    );
}

const SAME_TOML: &str = r#"council = "hampshire"

[[property]]
id = "h-1"
postcode = "SO23 8UJ"
house = "12"
address = ["12 Canon Street", "Winchester"]
council_tax_account = "41000012"
zone = "W1"

[[property]]
id = "h-2"
postcode = "so23 8uj"
house = "Rose Cottage"
address = ["Rose Cottage, Canon Street", "Winchester"]
council_tax_account = "41000203"
zone = "W2"

[[property]]
id = "h-3"
postcode = "SO23 9AB"
house = "3"
address = ["3 Kingsgate Road", "St Cross", "Winchester"]
council_tax_account = "0041000003"
zone = "W2"
"#;

const SAME_CSV: &str = "id,postcode,house,council_tax_account,zone,address_1,address_2,address_3
h-1,SO23 8UJ,12,41000012,W1,12 Canon Street,Winchester,
h-2,so23 8uj,Rose Cottage,41000203,W2,\"Rose Cottage, Canon Street\",Winchester,
h-3,SO23 9AB,3,0041000003,W2,3 Kingsgate Road,St Cross,Winchester
";

#[test]
fn toml_and_csv_of_the_same_properties_give_the_same_answers() {
    let (_a, toml) = load(&[("hampshire.toml", SAME_TOML.as_bytes())]);
    let (_b, csv) = load(&[("hampshire.csv", SAME_CSV.as_bytes())]);
    let (toml, csv) = (toml.expect("toml"), csv.expect("csv"));
    let shown = |g: &Gazetteer, id: &str| {
        g.get(id).map(|p| {
            let account = CouncilTaxAccount::parse("41000012").expect("test data");
            let checks = (p.masked_account(), Gazetteer::account_matches(&p, &account));
            (
                (p.id, p.council, p.postcode.as_str().to_owned(), p.house),
                (p.address, p.zone),
                checks,
            )
        })
    };
    for id in ["h-1", "h-2", "h-3", "h-4"] {
        assert_eq!(
            format!("{:?}", shown(&toml, id)),
            format!("{:?}", shown(&csv, id))
        );
        assert_eq!(toml.zone_of(id), csv.zone_of(id));
    }
    assert!(shown(&csv, "h-3").is_some());
    for (postcode, house) in [("SO23 8UJ", ""), ("SO23 8UJ", "rose"), ("SO23 9AB", "3")] {
        let postcode = Postcode::parse(postcode).expect("test data");
        let ids = |g: &Gazetteer| -> Vec<String> {
            g.search(&postcode, house)
                .into_iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(ids(&toml), ids(&csv));
        assert!(!ids(&csv).is_empty());
    }
    assert!(toml.zones().eq(csv.zones()));
    let hampshire = council("hampshire");
    assert!(toml.has_zone(&hampshire, "W2") && csv.has_zone(&hampshire, "W2"));
}

#[test]
fn a_toml_file_names_the_line_of_a_bad_property() {
    let bad = SAME_TOML.replace("\"SO23 9AB\"", "\"SO23\"");
    let (_dir, loaded) = load(&[("hampshire.toml", bad.as_bytes())]);
    let error = loaded.expect_err("a bad postcode");
    assert!(
        error.ends_with(
            "hampshire.toml: line 19: postcode: 'SO23' is not a UK postcode, for example LE1 6ZG."
        ),
        "{error}"
    );
    let unknown = SAME_TOML.replace("zone = \"W1\"", "zone = \"W1\"\nparking = true");
    let (_dir, loaded) = load(&[("hampshire.toml", unknown.as_bytes())]);
    let error = loaded.expect_err("an unknown field");
    assert!(error.contains("unknown field `parking`"), "{error}");
}

#[test]
fn a_large_toml_file_is_refused_before_it_is_parsed() {
    let padding = "# padding\n".repeat(MAX_TOML_BYTES as usize / 10 + 1);
    let big = format!("{SAME_TOML}{padding}");
    let (_dir, loaded) = load(&[("hampshire.toml", big.as_bytes())]);
    let error = loaded.expect_err("too large");
    assert!(
        error.ends_with("hampshire.toml: over 4 MiB: a gazetteer this large belongs in a CSV file"),
        "{error}"
    );
}

#[test]
fn the_demo_gazetteer_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/gazetteer");
    let g = Gazetteer::load(&dir).expect("the demo files");
    assert!(g.get("hampshire-0001").is_some());
}
