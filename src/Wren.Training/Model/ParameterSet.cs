using Wren.Training.Layers;

namespace Wren.Training.Model;

/// <summary>
/// Parameters and their gradients, each in ONE float32 allocation (as llm.c does), with a view per tensor
/// under its Hugging Face name. One allocation makes the optimizer, the gradient norm and checkpoints a
/// single loop over contiguous memory.
/// </summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, ParameterTensor> _byName = new(StringComparer.Ordinal);

    /// <param name="specs">(name, shape, decay) in the order they are laid out.</param>
    public ParameterSet(IEnumerable<(string Name, int[] Shape, bool Decay)> specs)
    {
        var tensors = new List<ParameterTensor>();
        long offset = 0;
        foreach (var (name, shape, decay) in specs)
        {
            long length = 1;
            foreach (int d in shape) length *= d;
            var tensor = new ParameterTensor(name, shape, (int)offset, (int)length, decay);
            if (!_byName.TryAdd(name, tensor)) throw new ArgumentException($"parameter '{name}' is declared twice");
            tensors.Add(tensor);
            offset += length;
            if (offset > int.MaxValue) throw new ArgumentException("parameters exceed 2^31 floats");
        }

        Tensors = tensors;
        Count = (int)offset;
        Values = TensorSlice.Allocate(Count);
        Gradients = TensorSlice.Allocate(Count);
    }

    public IReadOnlyList<ParameterTensor> Tensors { get; }

    /// <summary>Total number of floats.</summary>
    public int Count { get; }

    public TensorSlice Values { get; }

    public TensorSlice Gradients { get; }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public ParameterTensor this[string name] =>
        _byName.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"no parameter named '{name}'");

    public TensorSlice Value(string name) => Values.Slice(this[name].Offset, this[name].Length);

    public TensorSlice Gradient(string name) => Gradients.Slice(this[name].Offset, this[name].Length);

    public void ZeroGradients() => Gradients.Span.Clear();
}
