extension EventDate {
    /// Where a date sits on a chart's x axis: a day (or an instant) at its start, where the
    /// date axis puts its ticks; a month or a year in its middle, so that it stands for its
    /// whole period. Data, steps and annotations all use this, so a rule dated 9 March meets
    /// a level that changed on 9 March.
    var chartX: Double { precision >= .day ? start : start + (end - start) / 2 }
}
