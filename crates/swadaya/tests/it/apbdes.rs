//! The village budget on both databases: Desa Ganra 2022 (seed 004) to the rupiah, imports that
//! are refused whole with the row and column named, amendments beside the original, and the
//! public page, open data and poster.

use crate::common::*;
use swadaya_core::app::apbdes::{self, import, VersionInput};
use swadaya_core::app::AppError;
use swadaya_domain::apbdes::Section;
use swadaya_domain::Lang;

fn messages(r: Result<impl std::fmt::Debug, AppError>) -> Vec<String> {
    match r {
        Err(AppError::Invalid(f)) => f.into_iter().map(|e| e.message).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn header(kind: &str, title: &str) -> VersionInput {
    VersionInput { year: "2023".into(), kind: kind.into(), title: title.into(), as_of: "2023-01-05".into() }
}

#[tokio::test]
async fn ganra_2022_to_the_rupiah_and_imports_refused_whole() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let desa = institution_id(&db, "Pemerintah Desa Ganra").await;
        let kaur = ctx_of(&db, "desa").await;
        let officer = ctx_of(&db, "pengaduan").await;
        swadaya::demo_apbdes::load(&db, &system_ctx(), desa).await.expect("demo budget");
        let v = apbdes::year_view(&db, desa, 2022).await.expect("view").expect("2022");
        let s = &v.summary;
        assert_eq!((s.get(Section::Revenue).budget, s.get(Section::Revenue).realised), (2_239_690_779, 1_183_228_996));
        assert_eq!((s.get(Section::Spending).budget, s.get(Section::Spending).realised), (2_431_137_966, 1_132_172_487));
        assert_eq!((s.net_financing().budget, s.net_financing().realised), (191_447_187, 247_379_463));
        assert_eq!(s.balance().budget, 0);
        assert_eq!(v.version.kind, "realisation");
        assert_eq!(v.versions.len(), 2);

        // A wrong heading, a word for a number, a heading that disagrees with its lines: each
        // named by row and column, and nothing saved.
        let before = count(&db, "SELECT COUNT(*) FROM apbdes_versions").await;
        let wrong_column = "kode,uraian,angaran,realisasi\n4.2.1,Dana Desa,1,0\n";
        let m = messages(import::read(Lang::Id, "a.csv", wrong_column.as_bytes()));
        assert!(m[0].contains("kolom anggaran tidak ada"), "{m:?}");
        let words = "bagian,kode,uraian,anggaran,realisasi\npendapatan,4.2.1,Dana Desa,delapan ratus juta,0\n";
        let m = messages(import::read(Lang::Id, "b.csv", words.as_bytes()));
        assert!(m[0].starts_with("Baris 2, kolom anggaran"), "{m:?}");
        let sums = "bagian,kode,uraian,anggaran,realisasi\npendapatan,4.2,Pendapatan Transfer,900,0\npendapatan,4.2.1,Dana Desa,800,0\npendapatan,4.2.3,ADD,50,0\n";
        let read = import::read(Lang::Id, "c.csv", sums.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        let m = messages(apbdes::save(&db, &kaur, desa, &header("original", "Perdes No. 1 Tahun 2023"), &read.lines, &read.rows, "import: c.csv").await);
        assert!(m.iter().any(|x| x.starts_with("Baris 2, kolom anggaran") && x.contains("Rp 850")), "{m:?}");
        let dup = "kode,uraian,anggaran\n4.2.1,Dana Desa,1\n4.2.1,Dana Desa lagi,2\n";
        let read = import::read(Lang::Id, "d.csv", dup.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        let m = messages(apbdes::save(&db, &kaur, desa, &header("original", "x"), &read.lines, &read.rows, "import").await);
        assert!(m[0].contains("Baris 3, kolom kode") && m[0].contains("baris 2"), "{m:?}");
        let m = messages(apbdes::save(&db, &kaur, desa, &VersionInput { year: "20x3".into(), ..header("final", "") }, &read.lines[..1], &[2], "import").await);
        assert!(m.len() >= 3, "year, kind and title: {m:?}");
        let ambiguous = "kode,uraian,anggaran\n4,Bidang Pemberdayaan Masyarakat Desa,204257383\n2,Bidang Pembangunan,596140115\n";
        let m = messages(import::read(Lang::Id, "e.csv", ambiguous.as_bytes()));
        assert!(m[0].starts_with("Baris 2, kolom bagian") && m[0].contains("Bidang 4"), "{m:?}");
        let misspelt = "bagian,kode,uraian,anggaran\nbelnja,2,Bidang Pembangunan,1\n";
        let m = messages(import::read(Lang::Id, "f.csv", misspelt.as_bytes()));
        assert!(m[0].contains("\"belnja\" tidak dikenal"), "{m:?}");
        let huge = "kode,uraian,anggaran\n4.2.1,Dana Desa,9000000000000000000\n";
        let m = messages(import::read(Lang::Id, "g.csv", huge.as_bytes()));
        assert!(m[0].contains("terlalu besar"), "{m:?}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM apbdes_versions").await, before, "nothing saved");
        assert!(matches!(
            apbdes::save(&db, &officer, desa, &header("original", "x"), &read.lines[..1], &[2], "import").await,
            Err(AppError::NotFound)
        ));

        // The template round-trips; an amendment shows the original budget beside it.
        let base = spawn_app(db.clone()).await;
        let c = client();
        let template = c.get(format!("{base}/apbdes/template/templat-apbdes.csv")).send().await.expect("template").bytes().await.expect("body");
        let read = import::read(Lang::Id, "templat-apbdes.csv", &template).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(read.lines, swadaya::demo_apbdes::ganra_lines());
        apbdes::save(&db, &kaur, desa, &header("original", "Perdes No. 1 Tahun 2023"), &read.lines, &read.rows, "import").await.expect("2023");
        let mut amended = read.lines.clone();
        amended[2].budget += 50_000_000; // Dana Desa
        amended[6].budget += 50_000_000; // bidang 2
        apbdes::save(&db, &kaur, desa, &VersionInput { as_of: "2023-07-01".into(), ..header("amendment", "Perdes No. 4 Tahun 2023 (perubahan)") }, &amended, &read.rows, "form")
            .await
            .expect("amendment");
        let v = apbdes::year_view(&db, desa, 2023).await.expect("view").expect("2023");
        let (_, original) = v.original.as_ref().expect("original beside the amendment");
        assert_eq!(original.get(&(Section::Revenue, "4.2.1".to_string())), Some(&791_958_000));
        assert_eq!(v.summary.get(Section::Revenue).budget, 2_289_690_779);
        assert_eq!(v.summary.balance().budget, 0, "both sides amended");

        // The original budget saved again after the realisation does not replace it publicly.
        let budget_only: Vec<_> =
            swadaya::demo_apbdes::ganra_lines().into_iter().map(|l| swadaya_domain::apbdes::Line { realised: 0, ..l }).collect();
        let rows: Vec<usize> = (1..=budget_only.len()).collect();
        let again = VersionInput { year: "2022".into(), kind: "original".into(), title: "APBDes 2022 (salinan)".into(), as_of: "2022-01-03".into() };
        apbdes::save(&db, &kaur, desa, &again, &budget_only, &rows, "form").await.expect("saved");
        let v = apbdes::year_view(&db, desa, 2022).await.expect("view").expect("2022");
        assert_eq!(v.version.kind, "realisation", "the latest figures stay on the page");

        // The public page, open data and the poster: no login.
        let page = c.get(format!("{base}/p/{desa}/apbdes/2022")).send().await.expect("page").text().await.expect("body");
        for figure in ["Rp 2.239.690.779", "Rp 1.183.228.996", "Rp 2.431.137.966", "Rp 1.132.172.487", "Rp 191.447.187", "Rp 247.379.463", "Anggaran seimbang", "<svg"] {
            assert!(page.contains(figure), "{figure}");
        }
        let json: serde_json::Value = c.get(format!("{base}/p/{desa}/apbdes/2022/data.json")).send().await.expect("json").json().await.expect("json body");
        assert_eq!(json["totals"]["revenue"]["realised"], 1_183_228_996i64);
        assert_eq!(json["lines"].as_array().map(Vec::len), Some(11));
        let csv = c.get(format!("{base}/p/{desa}/apbdes/2022/data.csv")).send().await.expect("csv").text().await.expect("body");
        assert!(csv.contains("4.2.1,Dana Desa,791958000,409839840"), "{csv}");
        let pdf = c.get(format!("{base}/p/{desa}/apbdes/2022/poster-a3.pdf")).send().await.expect("pdf").bytes().await.expect("body");
        assert!(pdf.starts_with(b"%PDF-"));
        if let Some(text) = crate::http::pdf_text(&pdf) {
            assert!(text.contains("APBDes Desa Ganra 2022") && text.contains("Rp 791.958.000") && text.contains("52,83 %"), "{text}");
            // The fifth bidang's long name is written whole, on two lines, never cut with "…".
            assert!(!text.contains('…'), "a name cut short:\n{text}");
            assert!(text.contains("Bidang Penanggulangan Bencana, Darurat Dan") && text.contains("Mendesak Desa"), "{text}");
        }
        // A village sharing the link at once costs one rendering a minute: each answer is kept
        // for visitors and says so, and the downloads keep their file names.
        for (file, name) in [
            ("", None),
            ("/data.json", None),
            ("/data.xlsx", Some(format!("apbdes-{desa}-2022.xlsx"))),
            ("/poster-a1.pdf", Some(format!("apbdes-{desa}-2022-poster-a1.pdf"))),
        ] {
            for _ in 0..2 {
                let r = c.get(format!("{base}/p/{desa}/apbdes/2022{file}")).send().await.expect("get");
                assert_eq!(r.status(), 200, "{file}");
                assert_eq!(r.headers()["cache-control"], "public, max-age=60", "{file}");
                let disposition = r.headers().get("content-disposition").map(|h| h.to_str().expect("ascii").to_string());
                assert_eq!(disposition, name.as_ref().map(|n| format!("attachment; filename=\"{n}\"")), "{file}");
                assert!(!r.bytes().await.expect("body").is_empty(), "{file}");
            }
        }
        assert_eq!(c.get(format!("{base}/p/{desa}/apbdes/1999")).send().await.expect("get").status(), 404);
        assert_eq!(c.get(format!("{base}/p/{desa}/apbdes/1999/data.csv")).send().await.expect("get").status(), 404);
        assert_eq!(c.get(format!("{base}/p/{desa}/apbdes/2022/secret.txt")).send().await.expect("get").status(), 404);

        for sql in ["UPDATE apbdes_lines SET budget = 1", "DELETE FROM apbdes_versions"] {
            assert!(sqlx::query(sql).execute(&db.pool).await.is_err(), "{sql} must be refused");
        }
    })
    .await;
}

#[tokio::test]
async fn the_api_reads_a_year_of_the_village_budget_as_it_stands() {
    each_backend(|db| async move {
        swadaya::demo::load_base(&db, 0).await.expect("demo");
        let desa = institution_id(&db, "Pemerintah Desa Ganra").await;
        swadaya::demo_apbdes::load(&db, &system_ctx(), desa).await.expect("demo budget");
        let token = swadaya_core::app::auth::create_token(&db, "desa", "test").await.expect("token");
        let base = spawn_app(db.clone()).await;
        let c = client();
        for query in ["", "?year=2022"] {
            let r =
                c.get(format!("{base}/api/v1/institutions/{desa}/apbdes{query}")).bearer_auth(&token).send().await.expect("get");
            assert_eq!(r.status(), 200, "{query}");
            let b: serde_json::Value = r.json().await.expect("json");
            assert_eq!(b["year"], 2022);
            assert_eq!(b["version"]["kind"], "realisation");
            let lines = b["lines"].as_array().expect("lines");
            assert_eq!(lines.len(), swadaya::demo_apbdes::ganra_lines().len());
            let dana_desa = lines.iter().find(|l| l["code"] == "4.2.1").expect("Dana Desa");
            assert_eq!((dana_desa["budget"].as_i64(), dana_desa["realised"].as_i64()), (Some(791_958_000), Some(409_839_840)));
        }
        let none =
            c.get(format!("{base}/api/v1/institutions/{desa}/apbdes?year=2030")).bearer_auth(&token).send().await.expect("get");
        assert_eq!(none.status(), 404, "a year without a budget");
        let lkm = institution_id(&db, "LKM Makmur Sentosa").await;
        let admin = swadaya_core::app::auth::create_token(&db, "admin", "test").await.expect("token");
        let r = c.get(format!("{base}/api/v1/institutions/{lkm}/apbdes")).bearer_auth(&admin).send().await.expect("get");
        assert_eq!(r.status(), 200, "an institution without a budget yet");
        let b: serde_json::Value = r.json().await.expect("json");
        assert!(b["version"].is_null() && b["years"].as_array().is_some_and(|y| y.is_empty()));
    })
    .await;
}
