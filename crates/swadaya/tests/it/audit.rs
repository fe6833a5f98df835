//! The audit chain: every write is recorded, the table refuses edits, and `verify` names the
//! first row that was edited or deleted behind the application's back.

use crate::common::*;
use swadaya_core::app::registers::{people, regions};
use swadaya_core::store::{audit, Backend, Db};
use swadaya_domain::audit::ChainBreak;

async fn some_history(db: &Db) -> i64 {
    swadaya::demo::load_base(db, 0).await.expect("demo");
    let inst = institution_id(db, "KPMD Desa Ganra").await;
    for n in ["Warga Satu", "Warga Dua", "Warga Tiga"] {
        people::create(db, &system_ctx(), inst, &people::PersonInput { name: n.into(), sex: "L".into(), ..Default::default() })
            .await
            .expect("person");
    }
    inst
}

async fn disable_protection(db: &Db) {
    match db.backend {
        Backend::Sqlite => {
            sqlx::query("DROP TRIGGER audit_log_no_update").execute(&db.pool).await.expect("drop trigger");
            sqlx::query("DROP TRIGGER audit_log_no_delete").execute(&db.pool).await.expect("drop trigger");
        }
        Backend::Postgres => {
            sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")
                .execute(&db.pool)
                .await
                .expect("disable trigger");
        }
    }
}

#[tokio::test]
async fn every_write_is_audited_and_the_chain_verifies() {
    each_backend(|db| async move {
        let inst = some_history(&db).await;
        let n = count(&db, "SELECT COUNT(*) FROM audit_log").await;
        assert!(n > 30, "demo and people writes are audited, got {n}");
        let creates = count(
            &db,
            &format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'create' AND institution_id = {inst}"),
        )
        .await;
        assert_eq!(creates, 6, "3 KPMD cadres and 3 new people");
        assert_eq!(audit::verify(&db).await.expect("verify"), Ok(n as u64));
    })
    .await;
}

#[tokio::test]
async fn the_database_refuses_to_edit_or_delete_audit_rows() {
    each_backend(|db| async move {
        some_history(&db).await;
        assert!(sqlx::query("UPDATE audit_log SET actor = 'someone' WHERE seq = 1").execute(&db.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM audit_log WHERE seq = 1").execute(&db.pool).await.is_err());
    })
    .await;
}

#[tokio::test]
async fn verify_names_the_first_edited_row() {
    each_backend(|db| async move {
        let inst = some_history(&db).await;
        disable_protection(&db).await;
        sqlx::query(&format!("UPDATE audit_log SET after_json = '{{\"name\":\"Orang Lain\"}}' WHERE chain = {inst} AND seq = 2"))
            .execute(&db.pool)
            .await
            .expect("tamper");
        let b = audit::verify(&db).await.expect("verify").expect_err("must detect the edit");
        assert_eq!((b.chain, b.problem), (inst, ChainBreak::Tampered { seq: 2 }));
    })
    .await;
}

#[tokio::test]
async fn verify_names_a_deleted_row() {
    each_backend(|db| async move {
        let inst = some_history(&db).await;
        disable_protection(&db).await;
        sqlx::query(&format!("DELETE FROM audit_log WHERE chain = {inst} AND seq = 3")).execute(&db.pool).await.expect("tamper");
        let b = audit::verify(&db).await.expect("verify").expect_err("must detect the deletion");
        assert_eq!((b.chain, b.problem), (inst, ChainBreak::Gap { expected: 3, found: 4 }));
    })
    .await;
}

#[tokio::test]
async fn verify_notices_rows_cut_from_the_end() {
    each_backend(|db| async move {
        regions::import(&db, None, regions::SEED_CSV).await.expect("import").expect("valid");
        regions::import(&db, None, "code,name\n35.19.10,Mejayan\n").await.expect("import").expect("valid");
        disable_protection(&db).await;
        sqlx::query("DELETE FROM audit_log WHERE chain = 0 AND seq = 2").execute(&db.pool).await.expect("tamper");
        let b = audit::verify(&db).await.expect("verify").expect_err("must detect the cut");
        assert_eq!(b.problem, ChainBreak::Gap { expected: 2, found: 2 });
    })
    .await;
}
