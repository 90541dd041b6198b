//! `rebase`: after merging two branches, make the migration that shares its parent with another follow it.

use super::*;

/// `rebase`: each migration whose recorded parent is not the one before it (two branches merged) is made to follow
/// it; then the migrations are replayed into a shadow database and compared with the entities.
pub(super) async fn rebase<M: MigratorTrait>(ctx: &Session) -> Result<ExitCode> {
    let files = lineage_of::<M>(ctx);
    let misplaced = lineage::misplaced(&files);
    if misplaced.is_empty() {
        ctx.say("nothing to rebase: every migration follows the one before it");
        return Ok(ExitCode::SUCCESS);
    }
    for m in &misplaced {
        let file = files.iter().find(|f| f.name == m.name).and_then(|f| f.path.clone());
        let Some(path) = file else {
            bail!("cannot find the file of {}", m.name);
        };
        lineage::set_parent(&path, m.previous.as_deref())?;
        ctx.say(format!(
            "rebased {} onto {}",
            m.name,
            m.previous.as_deref().unwrap_or("base")
        ));
    }
    // Do the migrations, in their new order, still produce the entities?
    let shadow = Shadow::create(&ctx.url, ctx.backend, ctx.schema.as_deref()).await?;
    let outcome = async {
        replay::<M>(&shadow.db, None, ctx.quiet, ctx.verbose)
            .await
            .map_err(|err| anyhow::anyhow!("replaying the migrations into a shadow database failed: {err}"))?;
        let mut desired = desired_schema(ctx).await?;
        let replayed = read_schema::<M>(ctx, &shadow.db, &desired).await?;
        desired.tables.retain(|name, _| ctx.file.manages(name));
        Ok::<_, anyhow::Error>((diff(&replayed, &desired, ctx.backend), desired))
    }
    .await;
    shadow.drop().await?;
    let (plan, desired) = outcome?;
    if plan.has_differences() {
        anstream::print!("{}", crate::term::plan_text(&plan));
        ctx.say(
            "the migrations no longer produce the entities (the branches changed the same things): \
             run `cargo autogen revision -m \"merge\"` to add what is missing",
        );
    } else {
        if let Some(head) = lineage_of::<M>(ctx).last()
            && let Some(path) = &head.path
            && head.parent.is_some()
        {
            lineage::set_fingerprint(path, &lineage::fingerprint(&desired, ctx.backend))?;
        }
        ctx.say("replayed in a shadow database: the migrations produce the entities");
    }
    Ok(ExitCode::SUCCESS)
}
