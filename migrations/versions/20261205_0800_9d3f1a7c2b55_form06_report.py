"""What a Biểu số 06 report adds: dossiers received online and carried over, the names reports
give units, remembered, and the sheet and month an upload chose.

Revision ID: 9d3f1a7c2b55
Revises: 5b7e2c9d4a10
Create Date: 2026-12-05 08:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '9d3f1a7c2b55'
down_revision = '5b7e2c9d4a10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sheet', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('period', sa.String(length=7), nullable=True))
    with op.batch_alter_table('reported_figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_online', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('carried_over', sa.Integer(), nullable=True))
    op.create_table(
        'unit_aliases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=220), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['unit_id'], ['units.id'], name=op.f('fk_unit_aliases_unit_id_units'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_aliases')),
        sa.UniqueConstraint('key', name=op.f('uq_unit_aliases_key')),
    )
    with op.batch_alter_table('unit_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_aliases_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('unit_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_aliases_unit_id'))
    op.drop_table('unit_aliases')
    with op.batch_alter_table('reported_figures', schema=None) as batch_op:
        batch_op.drop_column('carried_over')
        batch_op.drop_column('received_online')
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_column('period')
        batch_op.drop_column('sheet')
