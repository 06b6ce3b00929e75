namespace RnnCalc.Training;

/// <summary>One row of the training history: the error after an update (raw and smoothed), and accuracy if checked then.</summary>
public readonly record struct HistoryRow(long Update, double Error, double SmoothedError, double? Accuracy);
