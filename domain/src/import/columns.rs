//! Which column holds what: read from a header row in any order (名称, 类型, 所属班子,
//! 职务, 编码 or their English names), or the positional order of a list without one.

/// A field of a target-list row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 名称 / 姓名: the target's name.
    Name,
    /// 类型: body or cadre.
    Kind,
    /// 所属班子 / 所属单位: a cadre's body, by name or 编码.
    Parent,
    /// 职务: a cadre's post.
    Position,
    /// 编码: the department's own stable code, the target's key.
    Key,
}

/// The order of a list without a header: 名称, 类型, 所属班子, 职务, 编码.
const POSITIONAL: [Field; 5] = [Field::Name, Field::Kind, Field::Parent, Field::Position, Field::Key];

fn field_of(header: &str) -> Option<Field> {
    let h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    Some(match h.as_str() {
        "名称" | "姓名" | "测评对象" | "name" => Field::Name,
        "类型" | "对象类型" | "kind" | "type" => Field::Kind,
        "所属班子" | "所属单位" | "单位" | "parent" | "unit" => Field::Parent,
        "职务" | "position" | "post" => Field::Position,
        "编码" | "代码" | "单位编码" | "人员编码" | "key" | "code" => Field::Key,
        _ => return None,
    })
}

/// Where each field is in a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    columns: Vec<Option<Field>>,
}

/// What the first row says about the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Header {
    /// The first row is data: fields are positional.
    None,
    /// The first row names the columns.
    Named(Layout),
    /// A header with a column that is not known (its text), or without a name column.
    Bad(Option<String>),
}

impl Layout {
    /// The positional layout.
    pub fn positional() -> Self {
        Layout { columns: POSITIONAL.iter().copied().map(Some).collect() }
    }

    /// The cell of `field` in `row`, trimmed; empty when absent.
    pub fn cell(&self, row: &[String], field: Field) -> String {
        self.columns.iter().position(|c| *c == Some(field)).and_then(|i| row.get(i)).map(|c| c.trim().to_owned()).unwrap_or_default()
    }
}

/// Reads the first row: a header when any of its cells names a known column.
pub fn header(first: &[String]) -> Header {
    let fields: Vec<Option<Field>> = first.iter().map(|c| field_of(c)).collect();
    if fields.iter().all(Option::is_none) {
        return Header::None;
    }
    if let Some(unknown) = first.iter().zip(&fields).find(|(c, f)| f.is_none() && !c.trim().is_empty()) {
        return Header::Bad(Some(unknown.0.trim().to_owned()));
    }
    if !fields.contains(&Some(Field::Name)) {
        return Header::Bad(None);
    }
    Header::Named(Layout { columns: fields })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str) -> Vec<String> {
        s.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn a_header_in_any_order_places_every_field() {
        let Header::Named(layout) = header(&row("编码,职务,姓名,所属单位,类型")) else { panic!("a header") };
        let data = row("jyj-wang,局长,王伟,jyj,干部");
        assert_eq!(layout.cell(&data, Field::Name), "王伟");
        assert_eq!(layout.cell(&data, Field::Key), "jyj-wang");
        assert_eq!(layout.cell(&data, Field::Position), "局长");
        assert_eq!(layout.cell(&data, Field::Parent), "jyj");
    }

    #[test]
    fn a_row_of_data_is_no_header_and_an_unknown_column_is_named() {
        assert_eq!(header(&row("区教育局领导班子,班子")), Header::None);
        assert_eq!(header(&row("姓名,种类,上级")), Header::Bad(Some("种类".into())));
        assert_eq!(header(&row("类型,编码")), Header::Bad(None));
        assert_eq!(Layout::positional().cell(&row("甲,干部,乙,科长"), Field::Position), "科长");
    }
}
