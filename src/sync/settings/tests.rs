use super::*;

fn section(url: &str) -> SyncSection {
    SyncSection {
        url: url.to_string(),
        username: "anna".to_string(),
        password_command: "echo secret".to_string(),
        ..SyncSection::default()
    }
}

#[test]
fn empty_url_means_not_configured() {
    let s = SyncSection::default();
    assert!(!s.is_configured());
    assert!(matches!(s.settings(None), Err(SyncError::NotConfigured)));
}

#[test]
fn https_anywhere_http_only_to_loopback() {
    for url in [
        "https://dav.example.org/",
        "http://127.0.0.1:5232/",
        "http://127.3.4.5/dav/",
        "http://localhost:8000/",
        "http://LOCALHOST./",
        "http://[::1]:5232/",
    ] {
        assert!(section(url).settings(None).is_ok(), "{url}");
    }
    for (url, host) in [
        ("http://dav.example.org/", "dav.example.org"),
        ("http://192.168.1.2:5232/", "192.168.1.2"),
        ("http://localhost.example.org/", "localhost.example.org"),
        ("http://[::2]/", "[::2]"),
        ("http://128.0.0.1/", "128.0.0.1"),
    ] {
        match section(url).settings(None) {
            Err(SyncError::PlainHttp { host: h }) => assert_eq!(h, host),
            other => panic!("{url}: {other:?}"),
        }
    }
}

#[test]
fn bad_urls_are_refused_with_the_url() {
    for url in [
        "dav.example.org",
        "ftp://dav.example.org/",
        "https://",
        "not a url",
    ] {
        assert!(
            matches!(section(url).settings(None), Err(SyncError::BadUrl { .. })),
            "{url}"
        );
    }
    assert!(matches!(
        section("https://anna:secret@dav.example.org/").settings(None),
        Err(SyncError::CredentialsInUrl)
    ));
}

#[test]
fn password_sources_and_their_order() {
    let mut s = section("https://dav.example.org/");
    assert_eq!(
        s.settings(None).unwrap().password,
        PasswordSource::Command("echo secret".into())
    );
    // The environment's file wins over the config.
    assert_eq!(
        s.settings(Some("/run/pw".into())).unwrap().password,
        PasswordSource::File("/run/pw".into())
    );
    s.password_file = "/home/anna/.dav".into();
    assert!(matches!(
        s.settings(None),
        Err(SyncError::TwoPasswordSources)
    ));
    s.password_command.clear();
    assert_eq!(
        s.settings(None).unwrap().password,
        PasswordSource::File("/home/anna/.dav".into())
    );
    s.password_file.clear();
    assert!(matches!(s.settings(None), Err(SyncError::NoPassword)));
    s.username.clear();
    assert_eq!(s.settings(None).unwrap().password, PasswordSource::None);
}

#[test]
fn the_commands_first_line_is_the_password() {
    let mut s = section("https://dav.example.org/");
    s.password_command = "printf 'pw one\\nuser: anna\\n'".into();
    assert_eq!(s.settings(None).unwrap().password().unwrap(), "pw one");
    s.password_command = "exit 3".into();
    let err = s.settings(None).unwrap().password().unwrap_err();
    assert!(matches!(err, SyncError::PasswordCommand { .. }), "{err:?}");
    s.password_command = "true".into();
    let err = s.settings(None).unwrap().password().unwrap_err();
    assert!(matches!(err, SyncError::EmptyPassword), "{err:?}");
}

#[cfg(unix)]
#[test]
fn a_password_file_others_may_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pw");
    std::fs::write(&path, "s3cret\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let settings = section("https://dav.example.org/")
        .settings(Some(path.clone().into()))
        .unwrap();
    match settings.password() {
        Err(e @ SyncError::LoosePasswordFile { .. }) => {
            assert!(e.to_string().contains("644"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(settings.password().unwrap(), "s3cret");
    let missing = section("https://dav.example.org/")
        .settings(Some(dir.path().join("none").into()))
        .unwrap();
    assert!(matches!(
        missing.password(),
        Err(SyncError::PasswordFile { .. })
    ));
}

#[test]
fn configured_collections_become_hrefs() {
    let mut s = section("https://dav.example.org/");
    s.addressbook = "https://dav.example.org/anna/contacts".into();
    s.tasks = "/anna/tasks/".into();
    s.journal = "  ".into();
    let settings = s.settings(None).unwrap();
    assert_eq!(settings.addressbook.as_deref(), Some("/anna/contacts/"));
    assert_eq!(settings.tasks.as_deref(), Some("/anna/tasks/"));
    assert_eq!(settings.journal, None);
}

#[test]
fn the_section_parses_from_the_config() {
    let config = crate::config::Config::parse(
        "[sync]\nurl = \"https://dav.example.org/\"\nusername = \"anna\"\npassword_file = \"/x\"\nentries = true\n",
    )
    .unwrap();
    assert!(config.sync.entries);
    assert_eq!(config.sync.url, "https://dav.example.org/");
    assert!(crate::config::Config::parse("[sync]\npassword = \"x\"\n").is_err());
}
