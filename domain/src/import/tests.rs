use super::*;

fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
}

fn body(key: &str, name: &str) -> TargetSpec {
    TargetSpec { key: key.into(), name: name.into(), kind: TargetKind::Body, parent: None, position: None }
}

#[test]
fn bodies_and_their_cadres_are_read_with_keys_from_their_names() {
    let got = targets_from_rows(&rows("名称,类型,所属班子,职务\n区教育局领导班子,班子\n张建国,干部,区教育局领导班子,局长"), &[]);
    let got = got.expect("valid");
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].key.as_str(), got[0].kind), ("区教育局领导班子", TargetKind::Body));
    assert_eq!(got[1].key, "区教育局领导班子-张建国");
    assert_eq!(got[1].parent.as_deref(), Some("区教育局领导班子"));
    assert_eq!(got[1].position.as_deref(), Some("局长"));
}

#[test]
fn a_code_column_gives_the_keys_and_a_parent_may_be_named_by_its_code() {
    let got = targets_from_rows(&rows("编码,名称,类型,所属单位\njyj,区教育局领导班子,班子\njyj-01,王伟,干部,jyj"), &[]).expect("valid");
    assert_eq!(got.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(), ["jyj", "jyj-01"]);
    assert_eq!(got[1].parent.as_deref(), Some("jyj"));
}

#[test]
fn import_keys_do_not_depend_on_the_order_of_the_rows() {
    let list = ["区教育局领导班子,班子", "王伟,干部,区教育局领导班子", "区民政局领导班子,班子", "李娜,干部,区民政局领导班子"];
    let forward = targets_from_rows(&rows(&list.join("\n")), &[]).expect("valid");
    let reordered = [list[2], list[3], list[0], list[1]];
    let backward = targets_from_rows(&rows(&reordered.join("\n")), &[]).expect("valid");
    let key_of = |ts: &[TargetSpec], name: &str| ts.iter().find(|t| t.name == name).map(|t| t.key.clone());
    for name in ["区教育局领导班子", "王伟", "区民政局领导班子", "李娜"] {
        assert_eq!(key_of(&forward, name), key_of(&backward, name), "{name}");
    }
}

#[test]
fn two_cadres_of_one_name_in_different_units_are_two_targets() {
    let got = targets_from_rows(&rows("甲局领导班子,班子\n乙局领导班子,班子\n王伟,干部,甲局领导班子\n王伟,干部,乙局领导班子"), &[])
        .expect("valid");
    assert_eq!(got.len(), 4);
    assert_ne!(got[2].key, got[3].key);
    let twice = targets_from_rows(&rows("甲局领导班子,班子\n王伟,干部,甲局领导班子\n王伟,干部,甲局领导班子"), &[]);
    assert_eq!(twice.expect_err("same unit"), vec![RowError { row: 3, problem: RowProblem::DuplicateName("王伟".into()) }]);
    let coded = targets_from_rows(&rows("甲局领导班子,班子,,,j\n王伟,干部,j,,j1\n王伟,干部,j,,j2"), &[]).expect("coded");
    assert_eq!(coded.len(), 3);
}

#[test]
fn every_bad_row_is_reported_with_its_number() {
    let existing = [body("mzj", "区民政局领导班子")];
    let input = rows("区民政局领导班子,班子\n,班子\n李四,部门\n王五,干部\n赵六,干部,不存在的班子\n钱七,干部,mzj\n甲,班子,,科长\n乙,班子,,,坏 键\n丙,班子,,,mzj");
    let errs = targets_from_rows(&input, &existing).expect_err("bad rows");
    let got: Vec<(usize, RowProblem)> = errs.into_iter().map(|e| (e.row, e.problem)).collect();
    assert_eq!(
        got,
        vec![
            (1, RowProblem::DuplicateName("区民政局领导班子".into())),
            (2, RowProblem::NoName),
            (3, RowProblem::UnknownKind("部门".into())),
            (4, RowProblem::NoParent),
            (5, RowProblem::UnknownParent("不存在的班子".into())),
            (7, RowProblem::BadPosition),
            (8, RowProblem::BadKey("坏 键".into())),
            (9, RowProblem::DuplicateKey("mzj".into())),
        ]
    );
}

#[test]
fn a_wrong_header_is_named_as_such() {
    let errs = targets_from_rows(&rows("姓名,种类,上级\n甲,班子"), &[]).expect_err("bad header");
    assert_eq!(errs, vec![RowError { row: 1, problem: RowProblem::UnknownColumn("种类".into()) }]);
    let errs = targets_from_rows(&rows("甲乙,丙丁\n甲,班子"), &[]).expect_err("bad header");
    assert_eq!(errs, vec![RowError { row: 1, problem: RowProblem::BadHeader }]);
}

#[test]
fn blank_rows_are_ignored_and_cadres_find_existing_bodies() {
    let existing = [body("t2", "甲")];
    let got = targets_from_rows(&rows("乙,body\n,\n丙,cadre,甲"), &existing).expect("valid");
    assert_eq!(got.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(), ["乙", "t2-丙"]);
    assert_eq!(got[1].parent.as_deref(), Some("t2"));
}
