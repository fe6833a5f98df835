//! The region tree. Seeded for the demo; the full official list is imported from CSV.

use crate::app::{AppError, AppResult, Ctx};
use crate::store::{self, Db};
use swadaya_domain::region::RegionCode;
use swadaya_domain::Lang;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: i64,
    pub parent_code: Option<String>,
}

/// The seed set shipped with the binary (Kemendagri codes, Kepmendagri 300.2.2-2138/2025).
pub const SEED_CSV: &str = include_str!("../../../data/regions_seed.csv");

#[derive(Debug, Clone, serde::Serialize)]
pub struct RowError {
    pub line: usize,
    pub message: String,
}

/// Reads `code,name[,level]` rows. Every row is checked before anything is written: a file with
/// any error imports nothing and the report names each bad line.
pub fn parse_csv(lang: Lang, data: &str) -> Result<Vec<Region>, Vec<RowError>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(data.as_bytes());
    let mut out: Vec<Region> = Vec::new();
    let mut errors = Vec::new();
    let header: Vec<String> = rdr.headers().map(|h| h.iter().map(|c| c.trim().to_lowercase()).collect()).unwrap_or_default();
    if header.first().map(String::as_str) != Some("code") || header.get(1).map(String::as_str) != Some("name") {
        let message = lang.pick(
            "Baris pertama harus judul kolom: code,name (contoh baris berikutnya: 35.19.09.2014,Bibrik).",
            "The first row must be the headers: code,name (next row e.g. 35.19.09.2014,Bibrik).",
        );
        return Err(vec![RowError { line: 1, message: message.into() }]);
    }
    let mut seen = std::collections::HashSet::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError { line, message: e.to_string() });
                continue;
            }
        };
        let code = rec.get(0).unwrap_or("").trim();
        let name = rec.get(1).unwrap_or("").trim();
        match RegionCode::parse(code) {
            Err(e) => errors.push(RowError { line, message: e.msg(lang) }),
            Ok(_) if name.is_empty() || name.chars().any(char::is_control) || name.chars().count() > 100 => {
                errors.push(RowError {
                    line,
                    message: lang.pick("Nama wilayah kosong atau tidak sah.", "The region name is empty or invalid.").into(),
                })
            }
            Ok(c) => {
                if !seen.insert(code.to_string()) {
                    errors.push(RowError {
                        line,
                        message: match lang {
                            Lang::Id => format!("Kode {code} muncul dua kali dalam berkas."),
                            Lang::En => format!("Code {code} appears twice in the file."),
                        },
                    });
                    continue;
                }
                out.push(Region {
                    code: code.to_string(),
                    name: name.to_string(),
                    level: c.level().depth(),
                    parent_code: c.parent().map(|p| p.as_str().to_string()),
                });
            }
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors
            .push(RowError { line: 2, message: lang.pick("Berkas tidak berisi wilayah.", "The file holds no regions.").into() });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Imports regions (parents before children). Returns how many rows were written.
pub async fn import(db: &Db, ctx: Option<&Ctx>, data: &str) -> AppResult<Result<usize, Vec<RowError>>> {
    if let Some(c) = ctx {
        c.require_system()?;
    }
    let lang = ctx.map(|c| c.lang).unwrap_or_default();
    let mut rows = match parse_csv(lang, data) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    rows.sort_by_key(|r| (r.level, r.code.clone()));
    let codes: std::collections::HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let mut missing = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(p) = &r.parent_code {
            if !codes.contains(p.as_str()) && store::registers::get_region(db, p).await?.is_none() {
                missing.push(RowError {
                    line: i + 2,
                    message: match lang {
                        Lang::Id => format!("Wilayah induk {p} untuk {} tidak ada; sertakan induknya dalam berkas.", r.code),
                        Lang::En => format!("Parent region {p} of {} does not exist; include it in the file.", r.code),
                    },
                });
            }
        }
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let mut tx = db.begin().await?;
    for r in &rows {
        store::registers::upsert_region(&mut tx, r).await?;
    }
    let (actor, source) = ctx.map(|c| (c.actor.username.as_str(), c.source.as_str())).unwrap_or(("cli", "cli"));
    store::audit::append(
        &mut tx,
        store::audit::AuditEvent {
            actor,
            source,
            action: "import",
            entity: "regions",
            entity_id: rows.len().to_string(),
            institution_id: None,
            before: String::new(),
            after: format!("{{\"rows\":{}}}", rows.len()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}

/// Resolves what the user typed: a Kemendagri code, or the name of a desa/kelurahan when exactly
/// one matches (volunteers know their village's name, not its code). Several matches are listed
/// with their codes so the user can pick one.
pub async fn require_known(db: &Db, lang: Lang, field: &str, input: &str) -> AppResult<Region> {
    let code = input.trim();
    if let Err(e) = RegionCode::parse(code) {
        let is_name = !code.is_empty() && !code.chars().any(|c| c.is_ascii_digit());
        if is_name {
            let (found, _) = store::registers::list_regions(db, None, Some(code), 50, 0).await?;
            let wanted = code.to_lowercase();
            let villages: Vec<Region> = found.into_iter().filter(|r| r.level == 4 && r.name.to_lowercase() == wanted).collect();
            match villages.len() {
                1 => return Ok(villages.into_iter().next().expect("one match")),
                0 => {}
                _ => {
                    let list = villages.iter().map(|r| format!("{} ({})", r.name, r.code)).collect::<Vec<_>>().join(", ");
                    return Err(AppError::field(
                        field,
                        match lang {
                            Lang::Id => format!("Ada beberapa desa bernama {code}: {list}. Tulis kodenya."),
                            Lang::En => format!("Several villages are called {code}: {list}. Enter the code."),
                        },
                    ));
                }
            }
        }
        return Err(AppError::field(field, e.msg(lang)));
    }
    store::registers::get_region(db, code)
        .await?
        .ok_or_else(|| AppError::field(field, crate::app::auth::unknown_region(lang, code)))
}

/// A region and the regions above it, province first. Regions are the map every institution
/// shares, readable by anyone signed in.
pub async fn path(db: &Db, code: &str) -> AppResult<Vec<Region>> {
    Ok(store::registers::region_path(db, code).await?)
}

/// The regions directly under `parent` (the provinces without it), searched by name or code.
pub async fn list(db: &Db, parent: Option<&str>, search: Option<&str>, limit: i64, offset: i64) -> AppResult<(Vec<Region>, i64)> {
    Ok(store::registers::list_regions(db, parent, search, limit, offset).await?)
}
