//! The files under the paths a user gives, each with its group (the fallback
//! source name).

use std::fs;
use std::path::{Path, PathBuf};

use crate::Rejection;

/// A file to read, with the group its records fall back to as their source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    /// The first directory below the given root that holds the file; for a
    /// file directly in the root, the root's own name; for a file given by
    /// itself, its parent directory's name.
    pub group: String,
    /// Bytes on disk (compressed size for `.gz`), for a progress bar.
    pub size: u64,
}

/// Every file under `paths`, recursively, sorted by path within each given
/// path; files and directories whose names start with '.' are skipped (a
/// hidden file named directly is read). Directories reached through symbolic
/// links are not followed, so a link loop cannot trap the walk. Paths that
/// cannot be read, and things that are not regular files, come back as
/// rejections.
pub fn input_files(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Rejection>) {
    let mut files = Vec::new();
    let mut rejections = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => rejections.push(cannot_read(path, &e)),
            Ok(meta) if meta.is_dir() => {
                let root_name = dir_name(path);
                let mut found = Vec::new();
                walk_dir(path, None, &root_name, &mut found, &mut rejections);
                found.sort_by(|a: &InputFile, b| a.path.cmp(&b.path));
                files.extend(found);
            }
            Ok(meta) if meta.is_file() => files.push(InputFile {
                path: path.clone(),
                group: dir_name(path.parent().unwrap_or(Path::new("."))),
                size: meta.len(),
            }),
            Ok(_) => rejections.push(not_a_file(path)),
        }
    }
    (files, rejections)
}

/// Adds the files under `dir` to `found`; `group` is the first directory
/// below the root on the way down (`None` while still in the root).
fn walk_dir(
    dir: &Path,
    group: Option<&str>,
    root_name: &str,
    found: &mut Vec<InputFile>,
    rejections: &mut Vec<Rejection>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return rejections.push(cannot_read(dir, &e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                rejections.push(cannot_read(dir, &e));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // symlink_metadata: a linked directory is not entered.
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => match fs::metadata(&path) {
                Ok(target) if target.is_file() => target,
                Ok(_) => continue,
                Err(e) => {
                    rejections.push(cannot_read(&path, &e));
                    continue;
                }
            },
            Ok(meta) => meta,
            Err(e) => {
                rejections.push(cannot_read(&path, &e));
                continue;
            }
        };
        if meta.is_dir() {
            walk_dir(
                &path,
                Some(group.unwrap_or(&name)),
                root_name,
                found,
                rejections,
            );
        } else if meta.is_file() {
            found.push(InputFile {
                path,
                group: group.unwrap_or(root_name).to_string(),
                size: meta.len(),
            });
        } else {
            rejections.push(not_a_file(&path));
        }
    }
}

/// The name of a directory, resolving "." and ".." to the real name.
fn dir_name(dir: &Path) -> String {
    let named = dir.file_name().filter(|_| !dir.ends_with(".."));
    match named {
        Some(name) if name != "." => name.to_string_lossy().into_owned(),
        _ => fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default(),
    }
}

fn cannot_read(path: &Path, error: &std::io::Error) -> Rejection {
    Rejection {
        origin: path.display().to_string(),
        reason: format!("cannot read: {error}"),
    }
}

fn not_a_file(path: &Path) -> Rejection {
    Rejection {
        origin: path.display().to_string(),
        reason: "not a regular file or directory".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_sorting_and_hidden_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("corpus");
        for (path, body) in [
            ("bbc/politics/b.txt", "b"),
            ("bbc/a.txt", "a"),
            ("voa/sports/c.txt", "c"),
            ("top.txt", "top"),
            (".hidden.txt", "x"),
            (".git/config", "x"),
            ("bbc/.cache/d.txt", "x"),
        ] {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
        let missing = tmp.path().join("missing");
        let (files, rejections) = input_files(&[root.clone(), missing.clone()]);
        let got: Vec<(String, &str, u64)> = files
            .iter()
            .map(|f| {
                let rel = f.path.strip_prefix(&root).unwrap();
                (rel.display().to_string(), f.group.as_str(), f.size)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("bbc/a.txt".to_string(), "bbc", 1),
                ("bbc/politics/b.txt".to_string(), "bbc", 1),
                ("top.txt".to_string(), "corpus", 3),
                ("voa/sports/c.txt".to_string(), "voa", 1),
            ]
        );
        assert_eq!(rejections.len(), 1);
        assert_eq!(rejections[0].origin, missing.display().to_string());
        assert!(rejections[0].reason.starts_with("cannot read"));

        let single = root.join("bbc/politics/b.txt");
        let (files, _) = input_files(&[single]);
        assert_eq!(files[0].group, "politics");
    }
}
