//! The layouts in the code are the spec's: every row of `layout.csv` (a copy of the spec's
//! table) matches the field of the same id.

use dto::layout::{all_fields, field, FieldId, Kind, Presence, RecordType};

fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn every_field_matches_the_spec_layout_csv() {
    let text = include_str!("fixtures/layout.csv");
    let mut rows = 0;
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let c = split_csv_line(line);
        let (id, record, name, start, len, kind, pres, pres_10620, sev_10620) = (
            &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7], &c[8],
        );
        let rt = RecordType::from_bytes(record.as_bytes()).expect("known record type");
        let nr: u8 = id[5..].parse().unwrap();
        let f = field(FieldId::new(rt, nr));
        assert_eq!(&f.id.to_string(), id);
        assert_eq!(f.name, name, "{id} name");
        assert_eq!(f.offset + 1, start.parse::<usize>().unwrap(), "{id} start");
        assert_eq!(f.len, len.parse::<usize>().unwrap(), "{id} length");
        let expected_kind = match kind.as_str() {
            "N" => Kind::Numeric,
            "AN" => Kind::Text,
            "D" => Kind::Date,
            "F" => Kind::Filler,
            other => panic!("{id}: type {other}"),
        };
        assert_eq!(f.kind, expected_kind, "{id} type");
        let expected_presence = match pres.as_str() {
            "V" => Presence::Required,
            "O" => Presence::Optional,
            "C" => Presence::Conditional,
            other => panic!("{id}: presence {other}"),
        };
        assert_eq!(f.presence, expected_presence, "{id} presence");
        assert_eq!(f.optional_10620, pres_10620 == "O", "{id} pres. 10620");
        assert_eq!(f.warning_10620, sev_10620 == "warning", "{id} sev. 10620");
        rows += 1;
    }
    assert_eq!(
        rows,
        all_fields().count(),
        "as many fields in the code as rows in the spec"
    );
}
