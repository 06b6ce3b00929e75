using RnnCalc.Arithmetic;
using RnnCalc.Training;

namespace RnnCalc.Web.Models;

/// <summary>
/// The networks the page can calculate with, by id: the default subtract and add networks (loaded at startup,
/// always kept) and those trained by jobs (the newest <see cref="WebServerOptions.MaxModels"/>). Thread-safe.
/// </summary>
public sealed class ModelStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredModel> _models = new(StringComparer.Ordinal);
    private readonly Queue<string> _trained = new();
    private readonly int _maxTrained;

    public ModelStore(int maxTrained)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrained, 1);
        _maxTrained = maxTrained;
        foreach (var operation in Operation.All)
        {
            var model = new StoredModel(DefaultId(operation), DefaultModel.Load(operation), IsDefault: true);
            _models.Add(model.Id, model);
        }
    }

    public static string DefaultId(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return $"default-{operation.Name}";
    }

    public StoredModel Default(Operation operation) => Get(DefaultId(operation))!;

    public StoredModel? Get(string id)
    {
        lock (_gate)
        {
            return _models.GetValueOrDefault(id);
        }
    }

    public IReadOnlyList<StoredModel> All()
    {
        lock (_gate)
        {
            return [.. _models.Values.Where(m => m.IsDefault), .. _trained.Select(id => _models[id])];
        }
    }

    public void Add(string id, TrainedModel model)
    {
        lock (_gate)
        {
            _models[id] = new StoredModel(id, model, IsDefault: false);
            _trained.Enqueue(id);
            while (_trained.Count > _maxTrained)
            {
                _models.Remove(_trained.Dequeue());
            }
        }
    }
}

/// <summary>A network the server holds, with the id requests name it by.</summary>
public sealed record StoredModel(string Id, TrainedModel Model, bool IsDefault);
