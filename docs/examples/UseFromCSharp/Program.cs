using RnnCalc.Arithmetic;
using RnnCalc.Network;
using RnnCalc.Persistence;
using RnnCalc.Training;

// Train the tutorial's network: 8-bit subtraction, 16 hidden units, seed 0, 10,000 updates (a fraction of a second).
var model = new Trainer(TrainingConfig.Tutorial).Run();
ModelFile.Save("subtract.json", model); // what `rnncalc calc --model subtract.json` loads; ModelFile.Load reads it back

// The calculator runs each operation on its network, one bit of each operand per step, least significant first.
var calculator = new Calculator(new Dictionary<Operation, RecurrentNetwork> { [Operation.Subtract] = model.Network });
var calculation = calculator.Calculate(Expression.Parse("200 - 57", maxBits: 64));
Console.WriteLine($"200 - 57 = {calculation.Result} (exact: {calculation.Exact})");
