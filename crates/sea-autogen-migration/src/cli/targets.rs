//! The one resolver of revision targets: `head`, `base`, `+N`, `-N`, a full stem, a unique prefix, or the message
//! part (`add_users`).

use super::*;

/// Resolves a revision given as the full stem, a unique prefix, or the unique message part.
pub(super) fn find_revision(names: &[String], target: &str) -> Result<usize> {
    if let Some(i) = names.iter().position(|n| n == target) {
        return Ok(i);
    }
    let matches: Vec<usize> = names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.starts_with(target) || message_part(n) == target)
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => bail!("unknown revision `{target}`: run `cargo autogen history` to see them"),
        many => bail!(
            "revision `{target}` is ambiguous: it matches {}",
            many.iter().map(|i| names[*i].as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `add_users` for `m20261126_101500_add_users`.
pub(super) fn message_part(stem: &str) -> &str {
    stem.splitn(3, '_').nth(2).unwrap_or_default()
}

pub(super) fn parse_steps(target: &str, sign: char) -> Result<Option<u32>> {
    match target.strip_prefix(sign) {
        Some(n) => {
            let n: u32 = n.parse().with_context(|| format!("`{target}` is not {sign}N"))?;
            if n == 0 {
                bail!("`{target}`: the number of steps must be at least 1");
            }
            Ok(Some(n))
        }
        None => Ok(None),
    }
}

/// The migrations `upgrade TARGET` applies, in order, given every migration with whether it is applied: all the
/// pending ones for `head`, the next N for `+N`, the pending ones up to and including a revision.
pub(super) fn to_apply(statuses: &[(String, bool)], target: &str) -> Result<Vec<String>> {
    let pending: Vec<String> = statuses
        .iter()
        .filter(|(_, applied)| !applied)
        .map(|(n, _)| n.clone())
        .collect();
    let take = if target == "head" {
        pending.len()
    } else if let Some(n) = parse_steps(target, '+')? {
        if n as usize > pending.len() {
            bail!(
                "cannot upgrade {target}: only {} migration(s) are pending",
                pending.len()
            );
        }
        n as usize
    } else {
        let names: Vec<String> = statuses.iter().map(|(n, _)| n.clone()).collect();
        let index = find_revision(&names, target)?;
        statuses[..=index].iter().filter(|(_, applied)| !applied).count()
    };
    Ok(pending.into_iter().take(take).collect())
}

/// The migrations `downgrade TARGET` reverts, newest first: all the applied ones for `base`, the last N for `-N`,
/// the applied ones after a revision (which must be applied itself).
pub(super) fn to_revert(statuses: &[(String, bool)], target: &str) -> Result<Vec<String>> {
    let applied: Vec<String> = statuses.iter().filter(|(_, a)| *a).map(|(n, _)| n.clone()).collect();
    let take = if target == "base" {
        applied.len()
    } else if let Some(n) = parse_steps(target, '-')? {
        if n as usize > applied.len() {
            bail!(
                "cannot downgrade {target}: only {} migration(s) are applied; `downgrade base` reverts them all",
                applied.len()
            );
        }
        n as usize
    } else {
        let names: Vec<String> = statuses.iter().map(|(n, _)| n.clone()).collect();
        let index = find_revision(&names, target)?;
        if !statuses[index].1 {
            bail!(
                "revision {} is not applied, so there is nothing to downgrade to",
                names[index]
            );
        }
        statuses[index + 1..].iter().filter(|(_, a)| *a).count()
    };
    Ok(applied.into_iter().rev().take(take).collect())
}
