//! Only tests live here (`tests/`): they check the repository's top-level files.
