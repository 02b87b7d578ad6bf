pub(crate) mod sequence;
