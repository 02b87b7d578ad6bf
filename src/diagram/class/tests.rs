//! Tests of the class diagram slice.
